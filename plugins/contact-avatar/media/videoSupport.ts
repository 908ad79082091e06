/**
 * Whether this machine can make video avatars, for `.plugins`. The plugin
 * loads without ffmpeg (photos, stickers and emoji need none); the status
 * line says what is missing and how to get it.
 */
import { FFMPEG_MISSING_MESSAGE, findFfmpeg, type FfmpegTools } from "../video";

export class VideoSupport {
  private tools: FfmpegTools | undefined;
  private known = false;

  /** Starts the look-up at once: `.plugins` reads the answer synchronously. */
  constructor(lookup: () => Promise<FfmpegTools | undefined> = findFfmpeg) {
    void lookup().then(
      (tools) => this.settle(tools),
      () => this.settle(undefined),
    );
  }

  status(): string {
    if (!this.known) return "Video avatars: still checking for ffmpeg…";
    return this.tools ? `Video avatars: ffmpeg ${this.tools.version}` : FFMPEG_MISSING_MESSAGE;
  }

  private settle(tools: FfmpegTools | undefined): void {
    this.tools = tools;
    this.known = true;
  }
}
