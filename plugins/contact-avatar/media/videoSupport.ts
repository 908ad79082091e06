/**
 * Whether this machine can make video avatars, for `.plugins`. The plugin
 * loads without ffmpeg (photos, stickers and emoji need none); the status
 * line says what is missing and how to get it.
 */
import { FFMPEG_MISSING_MESSAGE } from "../video/errors";
import { findFfmpeg, type FfmpegTools } from "../video/ffmpeg";

export class VideoSupport {
  private tools: Promise<FfmpegTools | undefined> | undefined;

  /**
   * The look-up runs `ffmpeg -version` and `ffprobe -version` (about 90 ms of
   * CPU each): on the first `.plugins`, not while the userbot starts, where
   * they would compete with the start for the machine.
   */
  constructor(private readonly lookup: () => Promise<FfmpegTools | undefined> = findFfmpeg) {}

  async status(): Promise<string> {
    this.tools ??= this.lookup().catch(() => undefined);
    const tools = await this.tools;
    return tools ? `Video avatars: ffmpeg ${tools.version}` : FFMPEG_MISSING_MESSAGE;
  }
}
