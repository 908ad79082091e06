/**
 * Real media bytes for the world: images made with sharp, clips made with
 * ffmpeg when it is installed, a gzipped Lottie object for TGS stickers.
 *
 * Generation is memoised in module scope (and ffmpeg output cached on disk),
 * so seeding a world many times in one test run costs one generation.
 */
import sharp from "sharp";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";

const run = promisify(execFile);
const FFMPEG = "/usr/bin/ffmpeg";
const CACHE_DIR = join(tmpdir(), "tg-test-dc-fixtures-v1");

const memo = new Map<string, Promise<Buffer>>();
function once(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  let hit = memo.get(key);
  if (!hit) {
    hit = make();
    memo.set(key, hit);
  }
  return hit;
}

export interface ImageSpec {
  width: number;
  height: number;
  /** Background colour, "#rrggbb". */
  color?: string;
}

/** A diagonal gradient over a solid colour: real image content, so resizing and decoding do real work. */
function imageCanvas({ width, height, color = "#3a7bd5" }: ImageSpec): sharp.Sharp {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">` +
    `<stop offset="0" stop-color="${color}"/><stop offset="1" stop-color="#ffffff"/></linearGradient></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/>` +
    `<circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#000000" fill-opacity="0.3"/></svg>`;
  return sharp(Buffer.from(svg));
}

function key(kind: string, spec: ImageSpec): string {
  return `${kind}:${spec.width}x${spec.height}:${spec.color ?? ""}`;
}

export function jpeg(spec: ImageSpec): Promise<Buffer> {
  return once(key("jpeg", spec), () => imageCanvas(spec).jpeg({ quality: 85 }).toBuffer());
}

export function png(spec: ImageSpec): Promise<Buffer> {
  return once(key("png", spec), () => imageCanvas(spec).png().toBuffer());
}

export function webp(spec: ImageSpec): Promise<Buffer> {
  return once(key("webp", spec), () => imageCanvas(spec).webp({ quality: 80 }).toBuffer());
}

/** A TGS sticker: gzip of a small Lottie animation (one square moving across 512x512, 1 s at 30 fps). */
export function tgs(): Promise<Buffer> {
  return once("tgs", async () => {
    const lottie = {
      v: "5.5.2",
      fr: 30,
      ip: 0,
      op: 30,
      w: 512,
      h: 512,
      nm: "test",
      ddd: 0,
      assets: [],
      layers: [
        {
          ddd: 0,
          ind: 1,
          ty: 4,
          nm: "square",
          sr: 1,
          ip: 0,
          op: 30,
          st: 0,
          bm: 0,
          ks: {
            o: { a: 0, k: 100 },
            r: { a: 0, k: 0 },
            a: { a: 0, k: [0, 0, 0] },
            s: { a: 0, k: [100, 100, 100] },
            p: {
              a: 1,
              k: [
                { t: 0, s: [128, 256, 0] },
                { t: 30, s: [384, 256, 0] },
              ],
            },
          },
          shapes: [
            { ty: "rc", nm: "rect", d: 1, s: { a: 0, k: [128, 128] }, p: { a: 0, k: [0, 0] }, r: { a: 0, k: 16 } },
            { ty: "fl", nm: "fill", c: { a: 0, k: [0.2, 0.5, 0.9, 1] }, o: { a: 0, k: 100 } },
          ],
        },
      ],
    };
    return gzipSync(Buffer.from(JSON.stringify(lottie)));
  });
}

export interface ClipSpec {
  width: number;
  height: number;
  seconds: number;
}

/** A real H.264 MP4 from ffmpeg when it is installed; otherwise a box skeleton with the same header facts. */
export function mp4(spec: ClipSpec): Promise<Buffer> {
  const name = `clip-${spec.width}x${spec.height}-${spec.seconds}s.mp4`;
  return once(name, () =>
    ffmpegClip(name, spec, ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart"]).then(
      (real) => real ?? mp4Skeleton({ ...spec, timescale: 1000 }),
    ),
  );
}

/** A real VP9 WebM (the format of video stickers) when ffmpeg is installed; otherwise an EBML header stub. */
export function webm(spec: ClipSpec): Promise<Buffer> {
  const name = `clip-${spec.width}x${spec.height}-${spec.seconds}s.webm`;
  return once(name, () =>
    ffmpegClip(name, spec, ["-c:v", "libvpx-vp9", "-b:v", "100k", "-deadline", "realtime"]).then(
      (real) => real ?? Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(60)]),
    ),
  );
}

async function ffmpegClip(name: string, spec: ClipSpec, codecArgs: string[]): Promise<Buffer | undefined> {
  if (!existsSync(FFMPEG)) return undefined;
  const file = join(CACHE_DIR, name);
  if (!existsSync(file)) {
    mkdirSync(CACHE_DIR, { recursive: true });
    // Written to a temporary name first so a parallel jest worker never reads half a file.
    const partial = `${file}.${process.pid}.part`;
    const source = `testsrc=size=${spec.width}x${spec.height}:rate=30:duration=${spec.seconds}`;
    await run(FFMPEG, [
      "-hide_banner",
      "-loglevel",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      source,
      ...codecArgs,
      "-f",
      name.endsWith(".mp4") ? "mp4" : "webm",
      partial,
    ]);
    renameSync(partial, file);
  }
  return readFileSync(file);
}

/**
 * A minimal ISO-BMFF file: ftyp + moov(mvhd, trak(tkhd)) and no media data.
 * Enough for anything that reads the header (the avatar video checks), and it
 * lets tests make "videos" of any size or length without an encoder.
 */
export function mp4Skeleton(spec: ClipSpec & { timescale?: number; padTo?: number }): Buffer {
  const timescale = spec.timescale ?? 1000;
  const box = (type: string, ...payload: Buffer[]): Buffer => {
    const body = Buffer.concat(payload);
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, "latin1");
    return Buffer.concat([head, body]);
  };
  const ftyp = box("ftyp", Buffer.from("isom"), Buffer.from([0, 0, 2, 0]), Buffer.from("isomiso2avc1mp41"));
  const mvhd = Buffer.alloc(100); // version 0: flags(4) ctime(4) mtime(4) timescale(4) duration(4) ...
  mvhd.writeUInt32BE(timescale, 12);
  mvhd.writeUInt32BE(Math.round(spec.seconds * timescale), 16);
  mvhd.writeUInt32BE(0x00010000, 20); // rate 1.0
  const tkhd = Buffer.alloc(84); // version 0: ... width and height as 16.16 fixed point at the end
  tkhd.writeUInt32BE(3, 0); // enabled | in movie
  tkhd.writeUInt32BE(1, 12); // track id
  tkhd.writeUInt32BE(Math.round(spec.seconds * timescale), 20);
  tkhd.writeUInt32BE(spec.width * 0x10000, 76);
  tkhd.writeUInt32BE(spec.height * 0x10000, 80);
  const file = Buffer.concat([ftyp, box("moov", box("mvhd", mvhd), box("trak", box("tkhd", tkhd)))]);
  if (spec.padTo && spec.padTo > file.length + 8) {
    return Buffer.concat([file, box("free", Buffer.alloc(spec.padTo - file.length - 8))]);
  }
  return file;
}
