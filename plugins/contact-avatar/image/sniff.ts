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
   * mkv; animated-sticker: tgs; unknown: text, svg, xml, pdf, gzip, empty, unknown.
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

/**
 * Strict: a format is named only when its whole fixed header is that
 * format's (not just a few magic bytes), and anything that reads as text is
 * never an image. A file that merely contains another format's magic (an SVG
 * whose comment spells "ftypavif") would otherwise pass as that format while
 * sharp, which detects formats by itself, renders it as SVG.
 */
export function sniffMedia(buf: Uint8Array): SniffedMedia {
  if (buf.length === 0) return unknown("empty");
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const ascii = (start: number, end: number) => bytes.toString("latin1", start, end);

  if (ascii(0, 5) === "%PDF-") return unknown("pdf");
  // Text next: no binary header below is valid text, and XML of any kind must never reach sharp.
  if (looksLikeText(bytes)) return sniffText(bytes);
  if (isJpeg(bytes)) return { kind: "image", format: "jpeg" };
  if (isPng(bytes)) return { kind: "image", format: "png" };
  if ((ascii(0, 6) === "GIF87a" || ascii(0, 6) === "GIF89a") && bytes.length >= 13) return { kind: "image", format: "gif" };
  if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP" && WEBP_CHUNKS.has(ascii(12, 16))) return { kind: "image", format: "webp" };
  if (isTiff(bytes)) return { kind: "image", format: "tiff" };
  if (ascii(4, 8) === "ftyp") return sniffFtyp(bytes);
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) {
    // Matroska's EBML header names its DocType near the start: "webm" or "matroska".
    return { kind: "video", format: ascii(0, 64).includes("webm") ? "webm" : "mkv" };
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return sniffGzip(bytes);
  return unknown("unknown");
}

const WEBP_CHUNKS = new Set(["VP8 ", "VP8L", "VP8X"]);

/** SOI, then a marker (0xFF and a marker code): what every JPEG, JFIF or Exif, begins with. */
function isJpeg(bytes: Buffer): boolean {
  return bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff && bytes[3] >= 0xc0 && bytes[3] !== 0xff;
}

/** The signature, then the IHDR chunk (length 13) that must come first. */
function isPng(bytes: Buffer): boolean {
  return (
    startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) &&
    bytes.length >= 16 &&
    bytes.readUInt32BE(8) === 13 &&
    bytes.toString("latin1", 12, 16) === "IHDR"
  );
}

/** The byte-order mark, 42, and a first IFD offset past the 8-byte header. */
function isTiff(bytes: Buffer): boolean {
  if (bytes.length < 8) return false;
  const mark = bytes.toString("latin1", 0, 4);
  if (mark === "II*\0") return bytes.readUInt32LE(4) >= 8;
  if (mark === "MM\0*") return bytes.readUInt32BE(4) >= 8;
  return false;
}

/** Text: SVG, other XML (which libvips may also take for SVG), or plain text. Never an image. */
function sniffText(bytes: Buffer): SniffedMedia {
  const head = bytes.toString("utf8", 0, 4096);
  if (/<svg[\s>/]/i.test(head)) return unknown("svg");
  if (/^\uFEFF?\s*</.test(head)) return unknown("xml");
  return unknown("text");
}

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * An ISO base media file (MP4, MOV, HEIF, AVIF). The ftyp box must be whole
 * and well formed (a size that fits its brands, brands of printable
 * characters) and be followed by another box, before its brands are believed.
 */
function sniffFtyp(bytes: Buffer): SniffedMedia {
  const boxSize = bytes.length >= 8 ? bytes.readUInt32BE(0) : 0;
  const wellFormed = boxSize >= 16 && boxSize <= MAX_FTYP_BYTES && (boxSize - 16) % 4 === 0 && boxSize + 8 <= bytes.length;
  if (!wellFormed) return unknown("unknown");
  const brands = [bytes.toString("latin1", 8, 12)];
  // Compatible brands follow the major brand and the 4-byte minor version.
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) {
    brands.push(bytes.toString("latin1", offset, offset + 4));
  }
  if (!brands.every(isFourCC) || !isFourCC(bytes.toString("latin1", boxSize + 4, boxSize + 8))) return unknown("unknown");
  // An AVIF often has the generic "mif1" major brand and "avif" among the
  // compatible ones, so a specific image brand anywhere beats a generic one.
  const specific = brands.find((brand) => brand === "avif" || brand === "avis");
  const known = brands.map((brand) => FTYP_BRANDS[brand]).find((media) => media !== undefined);
  return specific ? FTYP_BRANDS[specific] : (known ?? unknown("unknown"));
}

/** Real ftyp boxes list a handful of brands; this leaves room for a hundred. */
const MAX_FTYP_BYTES = 416;

function isFourCC(code: string): boolean {
  return /^[\x20-\x7e]{4}$/.test(code);
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
