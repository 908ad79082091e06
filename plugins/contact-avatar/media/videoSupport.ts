/**
 * Whether this machine can make video avatars, for `.plugins`. The plugin
 * loads without ffmpeg (photos, stickers and emoji need none); the status
 * line says what is missing and how to get it.
 */
import { FFMPEG_MISSING_MESSAGE, findFfmpeg, type FfmpegTools } from "../video";

export class VideoSupport {
  private readonly tools: Promise<FfmpegTools | undefined>;

  /** Starts the look-up at once, so that the answer is usually ready when `.plugins` asks. */
  constructor(lookup: () => Promise<FfmpegTools | undefined> = findFfmpeg) {
    this.tools = lookup().catch(() => undefined);
  }

  async status(): Promise<string> {
    const tools = await this.tools;
    return tools ? `Video avatars: ffmpeg ${tools.version}` : FFMPEG_MISSING_MESSAGE;
  }
}
