/**
 * The `--key=value` options of `.setpfp`/`.suggestpfp` (and the CLI's video
 * options) turned into typed values. Every bad value is a UsageError naming
 * the option and the value, raised before anything is downloaded.
 */
import { UsageError } from "contact-userbot/sdk";
import { parseColour, parseColourList } from "../colours";
import { VIDEO_LIMITS, type VideoOptions } from "../video/options";

export type CommandOptions = Record<string, string | true>;

/** Every option the setting commands know; anything else is a typo worth reporting. */
export const AVATAR_OPTIONS = ["crop", "bg", "size", "quality", "preview", "start", "duration", "frame", "still", "as-photo"] as const;

/** Telegram's `background_colors` takes 1 (solid), 2 (gradient) or 3 to 4 (freeform gradient) colours. */
export const MAX_BACKGROUND_COLOURS = 4;

export function checkKnownOptions(options: CommandOptions, known: readonly string[] = AVATAR_OPTIONS): void {
  const unknown = Object.keys(options).find((key) => !known.includes(key));
  if (unknown !== undefined) throw new UsageError(`Unknown option --${unknown}.`);
}

/** `--still`, `--preview`: a switch takes no value (`--still=yes` is more likely a mistake than a wish). */
export function flag(options: CommandOptions, key: string): boolean {
  const value = options[key];
  if (value === undefined) return false;
  if (value !== true) throw new UsageError(`--${key} is a switch and takes no value, not "${value}"`);
  return true;
}

/** A number of seconds, 0 or more ("2", "2.5", "2.5s"); undefined when the option is absent. */
export function secondsOption(options: CommandOptions, key: string): number | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (value === true) throw new UsageError(`--${key} needs a number of seconds, e.g. --${key}=2.5`);
  const trimmed = value.trim().replace(/\s*s$/i, "");
  const seconds = /^\d+(\.\d+)?$|^\.\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isFinite(seconds)) throw new UsageError(`--${key} must be a number of seconds, 0 or more, not "${value}"`);
  return seconds;
}

/** `--bg` as 1 to 4 RGB-24 colours, or undefined when absent. */
export function backgroundColours(options: CommandOptions): number[] | undefined {
  const value = options.bg;
  if (value === undefined) return undefined;
  if (value === true) throw new UsageError("--bg needs a colour, e.g. --bg=#ff8800 or --bg=navy,teal");
  return parseColourList(value, { max: MAX_BACKGROUND_COLOURS });
}

/** `--bg` where only one colour makes sense (the background of a photo or video), as "#rrggbb". */
export function singleBackground(options: CommandOptions, kind: string): string | undefined {
  const colours = backgroundColours(options);
  if (colours === undefined) return undefined;
  if (colours.length > 1) {
    throw new UsageError(`--bg takes one colour for ${kind}; colour lists are for sticker and emoji avatars`);
  }
  return hexOf(colours[0]);
}

/** Refuses options that mean nothing for this kind of avatar, so a user is not left wondering why they had no effect. */
export function refuseOptions(options: CommandOptions, keys: readonly string[], why: string): void {
  const given = keys.find((key) => options[key] !== undefined);
  if (given !== undefined) throw new UsageError(`--${given} ${why}`);
}

/**
 * The options of a video avatar: `--crop=center|fit`, `--size` (160 to 1280,
 * even), `--start`, `--duration`, `--frame`, `--bg`. The caller's defaults
 * fill the rest; prepareVideo's checkVideoOptions checks the combination.
 */
export function videoOptionsFrom(options: CommandOptions, defaults: { size: number; background: string }): Partial<VideoOptions> {
  return {
    crop: videoCrop(options.crop),
    size: videoSize(options.size) ?? defaults.size,
    start: secondsOption(options, "start"),
    duration: positiveDuration(secondsOption(options, "duration")),
    frame: previewFrame(options),
    background: singleBackground(options, "videos") ?? parseColour(defaults.background).hex,
  };
}

/** `--frame`: the preview frame of an animated avatar (video_start_ts), 0 to 10 s. */
export function previewFrame(options: CommandOptions): number | undefined {
  const frame = secondsOption(options, "frame");
  if (frame !== undefined && frame > VIDEO_LIMITS.maxDurationSec) {
    throw new UsageError(`--frame must be between 0 and ${VIDEO_LIMITS.maxDurationSec} s, not ${frame}`);
  }
  return frame;
}

function videoCrop(value: string | true | undefined): VideoOptions["crop"] | undefined {
  if (value === undefined) return undefined;
  const crop = value === true ? "" : value.trim().toLowerCase();
  if (crop === "center" || crop === "centre") return "center";
  if (crop === "fit") return "fit";
  throw new UsageError(`Unknown crop "${value === true ? "" : value}" for a video: use center or fit`);
}

function videoSize(value: string | true | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value === true ? "" : value.trim().replace(/px$/i, "");
  const size = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(size >= VIDEO_LIMITS.minSize && size <= VIDEO_LIMITS.maxSize) || size % 2 !== 0) {
    throw new UsageError(
      `--size must be an even whole number from ${VIDEO_LIMITS.minSize} to ${VIDEO_LIMITS.maxSize} for a video, not "${value === true ? "" : value}"`,
    );
  }
  return size;
}

function positiveDuration(seconds: number | undefined): number | undefined {
  if (seconds === 0) throw new UsageError("--duration must be more than 0 s");
  return seconds;
}

export function hexOf(rgb24: number): string {
  return `#${rgb24.toString(16).padStart(6, "0")}`;
}
