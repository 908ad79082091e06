/**
 * One frame of a video as PNG, with ffmpeg when this machine has it (the
 * still Telegram cuts from a video avatar, the first frame of a video
 * sticker). Without ffmpeg, undefined: callers draw a placeholder, so the
 * server works everywhere and is exact where it can be.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

function ffmpegPath(): string | undefined {
  const candidates = [process.env.FFMPEG_PATH, "/usr/bin/ffmpeg", "/usr/local/bin/ffmpeg"];
  return candidates.find((p): p is string => Boolean(p) && existsSync(p!));
}

export function canDecodeVideo(): boolean {
  return ffmpegPath() !== undefined;
}

/** The frame at `seconds` (0 by default) of an MP4 or WebM, or undefined when ffmpeg is missing or cannot read it. */
export async function videoFrame(video: Buffer, seconds = 0): Promise<Buffer | undefined> {
  const ffmpeg = ffmpegPath();
  if (!ffmpeg) return undefined;
  const dir = mkdtempSync(join(tmpdir(), "tg-dc-frame-"));
  try {
    const input = join(dir, "in");
    const output = join(dir, "frame.png");
    writeFileSync(input, video);
    await run(
      ffmpeg,
      ["-hide_banner", "-loglevel", "error", "-y", "-ss", String(seconds), "-i", input, "-frames:v", "1", "-f", "image2", "-c:v", "png", output],
      { timeout: 20_000 },
    );
    return existsSync(output) ? readFileSync(output) : undefined;
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
