/**
 * The options of a video avatar, their defaults, and the checks that turn a
 * bad value into a UsageError naming the option.
 */
import { colord, extend } from "colord";
import namesPlugin from "colord/plugins/names";
import { UsageError } from "contact-userbot/sdk";

// CSS colour names ("light blue" spelled "lightblue") for --bg. Extending twice is harmless.
extend([namesPlugin]);

/** Telegram's limits for profile videos (see docs/telegram-contact-photos.md). */
export const VIDEO_LIMITS = {
  minSize: 160,
  maxSize: 1280,
  maxDurationSec: 10,
  maxBytes: 2 * 1024 * 1024,
} as const;

export interface VideoOptions {
  /** center: crop the middle square; fit: the whole picture, padded with `background`. */
  crop: "center" | "fit";
  /** Side of the square in pixels, even, 160..1280. */
  size: number;
  /** Where the clip starts in the input, seconds. */
  start: number;
  /** Clip length in seconds; default and maximum 10 s (longer values are clamped). */
  duration?: number;
  /** The frame shown as the still preview (video_start_ts), seconds within the clip. */
  frame: number;
  /** Colour behind transparent pixels and the `fit` padding; any CSS colour. */
  background: string;
  /** Size limit of the result; Telegram's is 2 MB. */
  maxBytes: number;
  /** Time limit for the whole conversion, all ffmpeg runs together. */
  timeoutMs: number;
  /** Stops the conversion (kills ffmpeg) when aborted, e.g. on plugin reload. */
  signal?: AbortSignal;
}

/** Options after checking: `background` is "#rrggbb". */
export type CheckedVideoOptions = VideoOptions & { background: `#${string}` };

export const DEFAULT_VIDEO_OPTIONS: Readonly<VideoOptions> = {
  crop: "center",
  size: 800,
  start: 0,
  frame: 0,
  background: "#000000",
  maxBytes: VIDEO_LIMITS.maxBytes,
  timeoutMs: 180_000,
};

/** The smallest budget that still leaves room for a watchable clip. */
const MIN_BYTES = 50 * 1024;

export function checkVideoOptions(partial: Partial<VideoOptions>): CheckedVideoOptions {
  const o = { ...DEFAULT_VIDEO_OPTIONS, ...withoutUndefined(partial) };
  if (o.crop !== "center" && o.crop !== "fit") throw new UsageError(`--crop must be center or fit, not ${String(o.crop)}`);
  if (!Number.isInteger(o.size) || o.size < VIDEO_LIMITS.minSize || o.size > VIDEO_LIMITS.maxSize) {
    throw new UsageError(`--size must be a whole number from ${VIDEO_LIMITS.minSize} to ${VIDEO_LIMITS.maxSize}, not ${o.size}`);
  }
  // H.264 in 4:2:0 needs even sides.
  if (o.size % 2 !== 0) throw new UsageError(`--size must be even (H.264 needs it), not ${o.size}`);
  requireSeconds("--start", o.start);
  requireSeconds("--frame", o.frame);
  if (o.frame > VIDEO_LIMITS.maxDurationSec) {
    throw new UsageError(`--frame must be between 0 and ${VIDEO_LIMITS.maxDurationSec} s, not ${o.frame}`);
  }
  if (o.duration !== undefined) {
    requireSeconds("--duration", o.duration);
    if (o.duration === 0) throw new UsageError("--duration must be more than 0 s");
  }
  const bg = colord(o.background);
  if (!bg.isValid()) throw new UsageError(`--bg: "${o.background}" is not a colour`);
  if (!Number.isInteger(o.maxBytes) || o.maxBytes < MIN_BYTES || o.maxBytes > VIDEO_LIMITS.maxBytes) {
    throw new UsageError(`maxBytes must be between ${MIN_BYTES} and ${VIDEO_LIMITS.maxBytes}, not ${o.maxBytes}`);
  }
  if (!(o.timeoutMs > 0)) throw new UsageError(`timeoutMs must be positive, not ${o.timeoutMs}`);
  return { ...o, background: bg.alpha(1).toHex() as `#${string}` };
}

function requireSeconds(option: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new UsageError(`${option} must be a number of seconds, 0 or more, not ${value}`);
}

/** `{ size: undefined }` from a CLI parser must not wipe out the default. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** "30 s", "2.5 s": how durations appear in messages. */
export function formatSeconds(sec: number): string {
  return `${Number(sec.toFixed(2))} s`;
}
