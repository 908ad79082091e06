/**
 * Just enough ISO-BMFF (MP4) parsing to check an avatar video the way
 * Telegram describes it: the movie's duration (moov/mvhd) and the video
 * track's width and height (moov/trak/tkhd). Reading boxes ourselves keeps
 * the check fast and independent of ffprobe being installed.
 */

export interface Mp4Facts {
  durationSeconds: number;
  width: number;
  height: number;
}

export class Mp4ParseError extends Error {
  override name = "Mp4ParseError";
}

interface Box {
  type: string;
  /** The box's payload (after its header). */
  body: Buffer;
}

function* boxes(data: Buffer): Generator<Box> {
  let at = 0;
  while (at + 8 <= data.length) {
    let size = data.readUInt32BE(at);
    const type = data.toString("latin1", at + 4, at + 8);
    let header = 8;
    if (size === 1) {
      if (at + 16 > data.length) throw new Mp4ParseError("truncated box header");
      size = Number(data.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = data.length - at;
    }
    if (size < header || at + size > data.length) throw new Mp4ParseError(`box ${JSON.stringify(type)} runs past the end`);
    yield { type, body: data.subarray(at + header, at + size) };
    at += size;
  }
}

function child(parent: Buffer, type: string): Buffer | undefined {
  for (const box of boxes(parent)) if (box.type === type) return box.body;
  return undefined;
}

export function readMp4Facts(data: Buffer): Mp4Facts {
  const top = [...boxes(data)];
  if (top[0]?.type !== "ftyp") throw new Mp4ParseError("no ftyp box first");
  const moov = top.find((b) => b.type === "moov")?.body;
  if (!moov) throw new Mp4ParseError("no moov box");
  const mvhd = child(moov, "mvhd");
  if (!mvhd || mvhd.length < 32) throw new Mp4ParseError("no mvhd box");
  const v1 = mvhd[0] === 1;
  const timescale = mvhd.readUInt32BE(v1 ? 20 : 12);
  const duration = v1 ? Number(mvhd.readBigUInt64BE(24)) : mvhd.readUInt32BE(16);
  if (timescale === 0) throw new Mp4ParseError("timescale is 0");

  for (const box of boxes(moov)) {
    if (box.type !== "trak") continue;
    const tkhd = child(box.body, "tkhd");
    if (!tkhd) continue;
    const at = tkhd[0] === 1 ? 88 : 76;
    if (tkhd.length < at + 8) throw new Mp4ParseError("short tkhd box");
    const width = tkhd.readUInt32BE(at) / 0x10000;
    const height = tkhd.readUInt32BE(at + 4) / 0x10000;
    // Audio tracks have no size; the video track is the first one with a picture.
    if (width > 0 && height > 0) return { durationSeconds: duration / timescale, width, height };
  }
  throw new Mp4ParseError("no video track");
}
