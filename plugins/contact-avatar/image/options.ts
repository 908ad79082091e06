/**
 * The pipeline's options: their defaults, their checks, and the parser that
 * turns `--crop=smart --size=1024 --bg=black` into them.
 */
import { UsageError } from "contact-userbot/sdk";
import { parseColour } from "../colours";
import { AVATAR_SIZE, DEFAULT_BACKGROUND, DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_INPUT_PIXELS, JPEG_QUALITY } from "./limits";

/**
 * How the square is cut: `center` takes the middle square, `smart` the
 * square libvips' attention strategy finds most interesting (skin tones,
 * saturation, edges), `fit` the whole image on the background colour.
 */
export const CROP_MODES = ["center", "smart", "fit"] as const;
export type CropMode = (typeof CROP_MODES)[number];

export interface PrepareOptions {
  crop: CropMode;
  /** Output side in pixels, AVATAR_SIZE.min to AVATAR_SIZE.max. */
  size: number;
  /** Colour under transparent parts and around a `fit` image (see colours.ts). */
  background: string;
  quality: number;
  maxInputBytes: number;
  maxInputPixels: number;
}

export const DEFAULT_PREPARE_OPTIONS: Readonly<PrepareOptions> = {
  crop: "center",
  size: AVATAR_SIZE.default,
  background: DEFAULT_BACKGROUND,
  quality: JPEG_QUALITY.default,
  maxInputBytes: DEFAULT_MAX_INPUT_BYTES,
  maxInputPixels: DEFAULT_MAX_INPUT_PIXELS,
};

/** British spelling accepted too: people type what they know. */
const CROP_ALIASES: Record<string, CropMode> = { centre: "center" };

/**
 * The pipeline's options from a command's `--key=value` options. Only `crop`,
 * `size`, `bg` and `quality` are read; other keys belong to the caller.
 * Throws UsageError naming the bad value and what is allowed.
 */
export function parsePrepareOptions(
  options: Record<string, string | true>,
  defaults: { size: number; quality: number; background: string },
): Partial<PrepareOptions> {
  const crop = optionValue(options, "crop", "center, smart or fit");
  const size = optionValue(options, "size", `${AVATAR_SIZE.min} to ${AVATAR_SIZE.max}`);
  const quality = optionValue(options, "quality", `${JPEG_QUALITY.min} to ${JPEG_QUALITY.max}`);
  const background = optionValue(options, "bg", "a colour such as #ffffff or white");
  return {
    crop: crop === undefined ? "center" : parseCrop(crop),
    size: size === undefined ? defaults.size : parseWholeNumber("--size", size, AVATAR_SIZE),
    quality: quality === undefined ? defaults.quality : parseWholeNumber("--quality", quality, JPEG_QUALITY),
    // Parsed here so the user hears about a bad colour before any download.
    background: parseColour(background ?? defaults.background).hex,
  };
}

/** Defaults filled in and every value checked; the pipeline's entry point uses it. */
export function resolvePrepareOptions(partial: Partial<PrepareOptions>): PrepareOptions {
  const options = { ...DEFAULT_PREPARE_OPTIONS, ...withoutUndefined(partial) };
  if (!CROP_MODES.includes(options.crop)) parseCrop(String(options.crop));
  checkRange("size", options.size, AVATAR_SIZE);
  checkRange("quality", options.quality, JPEG_QUALITY);
  checkRange("maxInputBytes", options.maxInputBytes, { min: 1, max: Number.MAX_SAFE_INTEGER });
  checkRange("maxInputPixels", options.maxInputPixels, { min: 1, max: Number.MAX_SAFE_INTEGER });
  return { ...options, background: parseColour(options.background).hex };
}

function optionValue(options: Record<string, string | true>, key: string, allowed: string): string | undefined {
  const value = options[key];
  if (value === true) throw new UsageError(`--${key} needs a value (${allowed}), e.g. --${key}=...`);
  return value;
}

function parseCrop(text: string): CropMode {
  const crop = text.trim().toLowerCase();
  const mode = CROP_ALIASES[crop] ?? CROP_MODES.find((known) => known === crop);
  if (mode === undefined) throw new UsageError(`Unknown crop "${text}": use center, smart or fit`);
  return mode;
}

function parseWholeNumber(flag: string, text: string, range: { min: number; max: number }): number {
  const trimmed = text.trim().replace(/px$/i, "");
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(value >= range.min && value <= range.max)) {
    throw new UsageError(`${flag} must be a whole number from ${range.min} to ${range.max}, not "${text}"`);
  }
  return value;
}

function checkRange(name: string, value: number, range: { min: number; max: number }): void {
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new UsageError(`${name} must be a whole number from ${range.min} to ${range.max}, not ${value}`);
  }
}

function withoutUndefined<T extends object>(partial: T): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, value]) => value !== undefined)) as Partial<T>;
}
