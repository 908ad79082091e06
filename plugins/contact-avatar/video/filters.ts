/**
 * The ffmpeg filter graph that turns any input picture into the avatar square:
 * square pixels, at most 30 fps, cropped or fitted, flattened onto the
 * background colour, yuv420p.
 */
import type { VideoStreamInfo } from "./probe";

export const MAX_FPS = 30;
/** The label of the graph's output, for `-map`. */
export const FILTER_OUTPUT = "[avatar]";

export interface SquareSpec {
  crop: "center" | "fit";
  size: number;
  /** "#rrggbb" */
  background: string;
}

/** Frame rate of the avatar: the input's, capped at 30 (Telegram's clients encode avatars at 30). */
export function outputFrameRate(video: VideoStreamInfo): { text: string; value: number } {
  if (video.frameRate && video.frameRateValue !== undefined && video.frameRateValue <= MAX_FPS) {
    return { text: video.frameRate, value: video.frameRateValue };
  }
  return { text: String(MAX_FPS), value: MAX_FPS };
}

export function buildFilterGraph(video: VideoStreamInfo, spec: SquareSpec): string {
  const fps = outputFrameRate(video).text;
  const steps: string[] = [];
  // Anamorphic video: stretch to square pixels first, or the crop would be a rectangle on screen.
  if (video.sampleAspectRatio) steps.push("scale=trunc(iw*sar/2)*2:ih", "setsar=1");
  steps.push(`fps=${fps}`);
  if (spec.crop === "center") {
    // Rotation needs no handling here: ffmpeg has already turned the frames upright.
    steps.push("crop=min(iw\\,ih):min(iw\\,ih)", `scale=${spec.size}:${spec.size}`);
  } else {
    steps.push(`scale=${spec.size}:${spec.size}:force_original_aspect_ratio=decrease`);
  }
  steps.push("setsar=1");
  const picture = `[0:v]${steps.join(",")}`;

  // Padding (fit) and transparency both need a background: lay the picture on a plane of that colour.
  if (spec.crop === "fit" || video.hasAlpha) {
    const colour = `0x${spec.background.replace(/^#/, "")}`;
    return [
      `${picture}[fg]`,
      `color=c=${colour}:s=${spec.size}x${spec.size}:r=${fps}[bg]`,
      `[bg][fg]overlay=x=(W-w)/2:y=(H-h)/2:shortest=1:format=auto,format=yuv420p${FILTER_OUTPUT}`,
    ].join(";");
  }
  return `${picture},format=yuv420p${FILTER_OUTPUT}`;
}
