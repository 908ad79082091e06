/**
 * What a file really is, from its first bytes. File names and Telegram's
 * mime types lie often enough (a WebP saved as .jpg, a video sticker sent as
 * a document) that the pipeline trusts only the content.
 */
import { constants, gunzipSync } from "node:zlib";

export type MediaKind = "image" | "video" | "animated-sticker" | "unknown";

export interface SniffedMedia {
  kind: MediaKind;
  /**
   * image: jpeg, png, gif, webp, tiff, avif, heic; video: mp4, mov, webm,
   * mkv; animated-sticker: tgs; unknown: text, svg, pdf, gzip, empty, unknown.
   */
  format: string;
}

/** ISO base media (ftyp) brands, checked major brand first, then the compatible ones. */
const FTYP_BRANDS: Record<string, SniffedMedia> = {
  avif: { kind: "image", format: "avif" },
  avis: { kind: "image", format: "avif" },
  heic: { kind: "image", format: "heic" },
  heix: { kind: "image", format: "heic" },
  heim: { kind: "image", format: "heic" },
  heis: { kind: "image", format: "heic" },
  hevc: { kind: "image", format: "heic" },
  hevx: { kind: "image", format: "heic" },
  mif1: { kind: "image", format: "heic" },
  msf1: { kind: "image", format: "heic" },
  "qt  ": { kind: "video", format: "mov" },
  isom: { kind: "video", format: "mp4" },
  iso2: { kind: "video", format: "mp4" },
  iso4: { kind: "video", format: "mp4" },
  iso5: { kind: "video", format: "mp4" },
  iso6: { kind: "video", format: "mp4" },
  mp41: { kind: "video", format: "mp4" },
  mp42: { kind: "video", format: "mp4" },
  avc1: { kind: "video", format: "mp4" },
  dash: { kind: "video", format: "mp4" },
  mmp4: { kind: "video", format: "mp4" },
  "M4V ": { kind: "video", format: "mp4" },
  "3gp4": { kind: "video", format: "mp4" },
  "3gp5": { kind: "video", format: "mp4" },
  "3gp6": { kind: "video", format: "mp4" },
  "3g2a": { kind: "video", format: "mp4" },
};

const unknown = (format: string): SniffedMedia => ({ kind: "unknown", format });

export function sniffMedia(buf: Uint8Array): SniffedMedia {
  if (buf.length === 0) return unknown("empty");
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const ascii = (start: number, end: number) => bytes.toString("latin1", start, end);

  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { kind: "image", format: "jpeg" };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: "image", format: "png" };
  if (ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") return { kind: "image", format: "gif" };
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return { kind: "image", format: "webp" };
  if (ascii(0, 4) === "II*\0" || ascii(0, 4) === "MM\0*") return { kind: "image", format: "tiff" };
  if (ascii(4, 8) === "ftyp") return sniffFtyp(bytes);
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) {
    // Matroska's EBML header names its DocType near the start: "webm" or "matroska".
    return { kind: "video", format: ascii(0, 64).includes("webm") ? "webm" : "mkv" };
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return sniffGzip(bytes);
  if (ascii(0, 5) === "%PDF-") return unknown("pdf");
  if (looksLikeText(bytes)) return unknown(/<svg[\s>]/i.test(ascii(0, 1024)) ? "svg" : "text");
  return unknown("unknown");
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function sniffFtyp(bytes: Buffer): SniffedMedia {
  const boxSize = Math.min(bytes.readUInt32BE(0), bytes.length, 256);
  const brands = [bytes.toString("latin1", 8, 12)];
  // Compatible brands follow the major brand and the 4-byte minor version.
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    brands.push(bytes.toString("latin1", offset, offset + 4));
  }
  // An AVIF often has the generic "mif1" major brand and "avif" among the
  // compatible ones, so a specific image brand anywhere beats a generic one.
  const specific = brands.find((brand) => brand === "avif" || brand === "avis");
  const known = brands.map((brand) => FTYP_BRANDS[brand]).find((media) => media !== undefined);
  return specific ? FTYP_BRANDS[specific] : (known ?? unknown("unknown"));
}

/**
 * A Telegram animated sticker (.tgs) is gzipped Lottie JSON. Inflate just the
 * first kilobyte (a partial flush, so a cut stream is fine) to tell it from
 * any other gzip file.
 */
function sniffGzip(bytes: Buffer): SniffedMedia {
  try {
    const head = gunzipSync(bytes.subarray(0, 1024), { finishFlush: constants.Z_SYNC_FLUSH });
    if (head.toString("utf8").trimStart().startsWith("{")) return { kind: "animated-sticker", format: "tgs" };
  } catch {
    // Not a readable gzip stream: fall through.
  }
  return unknown("gzip");
}

/** Printable UTF-8 with no control bytes other than tab, CR, LF, form feed. */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 512);
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) return false;
  }
  // A multi-byte character cut at the 512-byte mark decodes as one U+FFFD at the end.
  const decoded = head.toString("utf8").replace(/\uFFFD$/, "");
  return !decoded.includes("\uFFFD");
}
