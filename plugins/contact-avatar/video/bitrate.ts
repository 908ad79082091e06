/**
 * Picks the video bitrate so the MP4 fits the byte budget, and retries once,
 * lower, if the encoder overshoots anyway (x264's rate control is close but
 * not exact on short clips).
 */

/**
 * MP4 boxes (moov, sample tables) take a few KB per 10 s, and x264 lands a few
 * per cent over its target on short clips: keep a share and a floor for both.
 */
const CONTAINER_SHARE = 0.06;
const CONTAINER_FLOOR_BYTES = 24 * 1024;
/** Above this a short clip gains nothing visible, only upload time (Android's avatars: 1.5 to 2.6 Mbit/s). */
export const MAX_VIDEO_KBPS = 3000;
const MIN_VIDEO_KBPS = 100;
/** On a retry, aim this far below what the overshoot suggests. */
const RETRY_MARGIN = 0.85;

/** The video bitrate, kbit/s, that keeps `durationSec` of video under `maxBytes`. */
export function targetVideoKbps(durationSec: number, maxBytes: number): number {
  const payloadBytes = maxBytes * (1 - CONTAINER_SHARE) - CONTAINER_FLOOR_BYTES;
  const kbps = Math.floor((payloadBytes * 8) / Math.max(durationSec, 0.1) / 1000);
  return Math.max(MIN_VIDEO_KBPS, Math.min(MAX_VIDEO_KBPS, kbps));
}

/** The bitrate for a second try after `gotBytes` came out of an encode at `kbps`. */
export function retryVideoKbps(kbps: number, gotBytes: number, maxBytes: number): number {
  return Math.max(MIN_VIDEO_KBPS, Math.floor(kbps * (maxBytes / gotBytes) * RETRY_MARGIN));
}

export interface EncodeAttempt {
  kbps: number;
  bytes: number;
}

/**
 * Encodes at the target bitrate; if the result is over `maxBytes`, encodes once
 * more at a lower rate. Returns every attempt; the last one is the result
 * (which may still be over: the caller's verification reports that).
 */
export async function encodeWithinBudget(encode: (kbps: number) => Promise<number>, durationSec: number, maxBytes: number): Promise<EncodeAttempt[]> {
  const firstKbps = targetVideoKbps(durationSec, maxBytes);
  const attempts: EncodeAttempt[] = [{ kbps: firstKbps, bytes: await encode(firstKbps) }];
  const first = attempts[0];
  if (first.bytes > maxBytes) {
    const kbps = retryVideoKbps(first.kbps, first.bytes, maxBytes);
    attempts.push({ kbps, bytes: await encode(kbps) });
  }
  return attempts;
}
