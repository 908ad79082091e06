/**
 * sharp, loaded on first use rather than when the plugin loads: with libvips
 * it is the plugin's heaviest dependency (tens of ms), and the userbot is
 * "ready" before any photo is touched. A synchronous require, so that the
 * synchronous checks (checks.ts) can ask it too.
 */
import type Sharp from "sharp";

type SharpModule = typeof Sharp;

let loaded: SharpModule | undefined;

export function loadSharp(): SharpModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  return (loaded ??= require("sharp") as SharpModule);
}
