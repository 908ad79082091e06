import { gzipSync } from "node:zlib";
import { sniffMedia } from "../../../../plugins/contact-avatar/image/sniff";
import { makeAvif, makeGif, makeJpeg, makePngWithAlpha, makeTiff, makeWebp } from "../../../../fixtures/images";
import { SVG_DISGUISES } from "../fixtures/hostileImages";
import { makeFtyp, makeHeicHeader, makeMovHeader, makeMp4Header, makeTgs, makeWebmHeader } from "../fixtures/media";

describe("sniffMedia", () => {
  const size = { width: 16, height: 16 };

  it.each([
    ["jpeg", () => makeJpeg(size)],
    ["png", () => makePngWithAlpha(size)],
    ["gif", () => makeGif(size)],
    ["webp", () => makeWebp(size)],
    ["tiff", () => makeTiff(size)],
    ["avif", () => makeAvif(size)],
  ])("should recognise a real %s made by sharp", async (format, make) => {
    expect(sniffMedia(await make())).toEqual({ kind: "image", format });
  });

  it("should recognise a big-endian TIFF", () => {
    expect(sniffMedia(Buffer.from("MM\0*\0\0\0\x08", "latin1"))).toEqual({ kind: "image", format: "tiff" });
  });

  it("should tell HEIC and AVIF apart by their ftyp brands, even under the generic mif1", () => {
    expect(sniffMedia(makeHeicHeader())).toEqual({ kind: "image", format: "heic" });
    expect(sniffMedia(makeFtyp("mif1", ["mif1", "heic"]))).toEqual({ kind: "image", format: "heic" });
    expect(sniffMedia(makeFtyp("mif1", ["mif1", "miaf", "avif"]))).toEqual({ kind: "image", format: "avif" });
  });

  it("should recognise MP4, MOV and WebM as video", () => {
    expect(sniffMedia(makeMp4Header())).toEqual({ kind: "video", format: "mp4" });
    expect(sniffMedia(makeFtyp("mp42", ["mp42", "isom"]))).toEqual({ kind: "video", format: "mp4" });
    expect(sniffMedia(makeMovHeader())).toEqual({ kind: "video", format: "mov" });
    expect(sniffMedia(makeWebmHeader())).toEqual({ kind: "video", format: "webm" });
  });

  it("should call a Matroska file that is not WebM mkv", () => {
    const mkv = Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x8b, 0x42, 0x82, 0x88]), Buffer.from("matroska")]);
    expect(sniffMedia(mkv)).toEqual({ kind: "video", format: "mkv" });
  });

  it("should recognise an unknown ftyp brand as unknown", () => {
    expect(sniffMedia(makeFtyp("zzzz", ["yyyy"]))).toEqual({ kind: "unknown", format: "unknown" });
  });

  it("should recognise a TGS animated sticker but not any gzip file", () => {
    expect(sniffMedia(makeTgs())).toEqual({ kind: "animated-sticker", format: "tgs" });
    expect(sniffMedia(gzipSync("plain text, not lottie"))).toEqual({ kind: "unknown", format: "gzip" });
    expect(sniffMedia(Buffer.from([0x1f, 0x8b, 0x00, 0x01]))).toEqual({ kind: "unknown", format: "gzip" });
  });

  it("should recognise a big TGS from its first kilobyte", () => {
    const layers = Array.from({ length: 2000 }, (_, i) => ({ ind: i, ty: 4, nm: `layer ${Math.random()}` }));
    const tgs = gzipSync(JSON.stringify({ tgs: 1, v: "5.5.2", layers }));
    expect(tgs.length).toBeGreaterThan(10_000);
    expect(sniffMedia(tgs).kind).toBe("animated-sticker");
  });

  it("should tell text, SVG and PDF apart from unknown binary", () => {
    expect(sniffMedia(Buffer.from("hello\nworld\t€\n"))).toEqual({ kind: "unknown", format: "text" });
    expect(sniffMedia(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toEqual({ kind: "unknown", format: "svg" });
    expect(sniffMedia(Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3", "latin1"))).toEqual({ kind: "unknown", format: "pdf" });
    expect(sniffMedia(Buffer.from([0x00, 0x00, 0x01, 0xba]))).toEqual({ kind: "unknown", format: "unknown" });
    expect(sniffMedia(Buffer.from([0xc3, 0x28, 0x41]))).toEqual({ kind: "unknown", format: "unknown" });
  });

  it.each(Object.entries(SVG_DISGUISES))("should never call an SVG behind %s an image (issue 10, failure 4)", (_name, bytes) => {
    expect(sniffMedia(bytes)).toEqual({ kind: "unknown", format: "svg" });
  });

  it("should call XML that is not SVG xml, and never an image", () => {
    expect(sniffMedia(Buffer.from('<?xml version="1.0"?><!--ftypavif--><html/>'))).toEqual({ kind: "unknown", format: "xml" });
  });

  it("should name a format only when its whole fixed header is that format's", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(sniffMedia(Buffer.concat([png, Buffer.from("IHDR")]))).toEqual({ kind: "image", format: "png" });
    expect(sniffMedia(Buffer.concat([png, Buffer.from("tEXt")])).kind).toBe("unknown");
    expect(sniffMedia(Buffer.from([0xff, 0xd8, 0xff])).kind).toBe("unknown");
    expect(sniffMedia(Buffer.from("RIFF\0\0\0\0WEBPJUNK", "latin1")).kind).toBe("unknown");
    expect(sniffMedia(Buffer.from("II*\0\0\0\0\0", "latin1")).kind).toBe("unknown");
    // An ftyp box whose size does not fit its content, or with unprintable brands.
    const ftyp = makeFtyp("mif1", ["mif1", "avif"]);
    const badSize = Buffer.from(ftyp);
    badSize.writeUInt32BE(0x3c212d2d, 0);
    expect(sniffMedia(badSize).kind).toBe("unknown");
    const badBrand = Buffer.from(ftyp);
    badBrand[17] = 0x01;
    expect(sniffMedia(badBrand).kind).toBe("unknown");
    expect(sniffMedia(ftyp)).toEqual({ kind: "image", format: "avif" });
  });

  it("should treat text whose 512-byte window ends mid-character as text", () => {
    // "é" is two bytes; after one "a", the 512-byte window ends inside one.
    const cut = Buffer.from("a" + "é".repeat(300));
    expect(sniffMedia(cut)).toEqual({ kind: "unknown", format: "text" });
  });

  it("should report an empty buffer as empty", () => {
    expect(sniffMedia(Buffer.alloc(0))).toEqual({ kind: "unknown", format: "empty" });
  });

  it("should read a Uint8Array view at an offset", async () => {
    const jpeg = await makeJpeg(size);
    const padded = new Uint8Array(jpeg.length + 10);
    padded.set(jpeg, 10);
    expect(sniffMedia(padded.subarray(10))).toEqual({ kind: "image", format: "jpeg" });
  });
});
