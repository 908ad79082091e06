import { Api } from "telegram";
import { randomBytes } from "node:crypto";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { long } from "../../../local-telegram/world/tl";
import { bigIntOf, MethodHarness } from "../../../local-telegram/methods/harness";
import { checkFileRange } from "../../../local-telegram/methods/upload";

describe("upload methods", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  const docLocation = (id: bigint) => {
    const doc = world.media.documents.get(id)!;
    return new Api.InputDocumentFileLocation({ id: long(doc.id), accessHash: long(doc.accessHash), fileReference: doc.fileReference, thumbSize: "" });
  };

  it("should serve every seeded document byte for byte", async () => {
    for (const id of Object.values(world.ids.documents)) {
      expect((await dc.download(docLocation(id))).equals(world.media.documents.get(id)!.bytes)).toBe(true);
    }
  });

  it("should tag whole JPEGs as storage.FileJpeg and later chunks as partial", async () => {
    const location = docLocation(world.ids.documents.jpegDocument);
    const first = (await dc.call(new Api.upload.GetFile({ location, offset: bigIntOf(0), limit: 4096 }))) as Api.upload.File;
    const second = (await dc.call(new Api.upload.GetFile({ location, offset: bigIntOf(4096), limit: 4096 }))) as Api.upload.File;
    expect(first.type).toBeInstanceOf(Api.storage.FileJpeg);
    expect(second.type).toBeInstanceOf(Api.storage.FilePartial);
  });

  it.each([
    [4096, 4096, false, undefined],
    [0, 1024 * 1024, false, undefined],
    [1000, 4096, false, "OFFSET_INVALID"],
    [0, 12288, false, "LIMIT_INVALID"], // 12 KB does not divide 1 MB
    [0, 2048, false, "LIMIT_INVALID"],
    [1024 * 1024 - 4096, 8192, false, "LIMIT_INVALID"], // crosses a 1 MB block
    [1024, 3072, true, undefined],
    [1024, 1000, true, "LIMIT_INVALID"],
    [0, 2 * 1024 * 1024, true, "LIMIT_INVALID"],
  ])("should check offset %d limit %d (precise %s)", (offset, limit, precise, error) => {
    const check = () => checkFileRange(offset, limit, precise);
    if (error) expect(check).toThrow(error);
    else expect(check).not.toThrow();
  });

  it("should refuse a document location with a wrong access hash with FILE_ID_INVALID", async () => {
    const location = new Api.InputDocumentFileLocation({
      id: long(world.ids.documents.video),
      accessHash: long(5n),
      fileReference: Buffer.alloc(0),
      thumbSize: "",
    });
    expect(await dc.error(new Api.upload.GetFile({ location, offset: bigIntOf(0), limit: 4096 }))).toBe("FILE_ID_INVALID");
  });

  it("should refuse parts over 512 KB and empty parts", async () => {
    const part = (bytes: Buffer) => new Api.upload.SaveFilePart({ fileId: long(1n), filePart: 0, bytes });
    expect(await dc.error(part(Buffer.alloc(512 * 1024 + 1024)))).toBe("FILE_PART_TOO_BIG");
    expect(await dc.error(part(Buffer.alloc(0)))).toBe("FILE_PART_EMPTY");
  });

  it("should check big-file parts as they arrive", async () => {
    const big = (filePart: number, fileTotalParts: number, size: number) =>
      new Api.upload.SaveBigFilePart({ fileId: long(2n), filePart, fileTotalParts, bytes: Buffer.alloc(size) });
    expect(await dc.error(big(0, 3, 3000))).toBe("FILE_PART_SIZE_INVALID");
    expect(await dc.call(big(0, 3, 4096))).toBe(true);
    expect(await dc.error(big(1, 3, 8192))).toBe("FILE_PART_SIZE_CHANGED");
    expect(await dc.error(big(1, 4, 4096))).toBe("FILE_PARTS_INVALID");
    expect(await dc.call(big(2, 3, 100))).toBe(true); // the last part may be short
  });

  it("should assemble an upload whose parts are consistent and refuse one whose sizes change", async () => {
    const bytes = randomBytes(40 * 1024);
    const good = (await dc.upload(bytes, "a.bin", { partSize: 16 * 1024 })) as Api.InputFile;
    const file = world.uploads.assemble(world.ownerId, { id: BigInt(good.id.toString()), parts: good.parts, name: "a.bin", big: false });
    expect(file.bytes.equals(bytes)).toBe(true);

    for (const [part, size] of [
      [0, 8192],
      [1, 4096],
      [2, 4096],
    ] as const) {
      await dc.call(new Api.upload.SaveFilePart({ fileId: long(9n), filePart: part, bytes: Buffer.alloc(size) }));
    }
    expect(() => world.uploads.assemble(world.ownerId, { id: 9n, parts: 3, name: "b.bin", big: false })).toThrow("FILE_PART_SIZE_CHANGED");
    await dc.call(new Api.upload.SaveFilePart({ fileId: long(10n), filePart: 0, bytes: Buffer.alloc(3000) }));
    await dc.call(new Api.upload.SaveFilePart({ fileId: long(10n), filePart: 1, bytes: Buffer.alloc(3000) }));
    expect(() => world.uploads.assemble(world.ownerId, { id: 10n, parts: 2, name: "c.bin", big: false })).toThrow("FILE_PART_SIZE_INVALID");
  });

  it("should check a non-empty md5 checksum", async () => {
    const file = (await dc.upload(Buffer.from("hello"), "h.txt")) as Api.InputFile;
    expect(() => world.uploads.assemble(world.ownerId, { id: BigInt(file.id.toString()), parts: 1, name: "h.txt", md5Checksum: "00", big: false })).toThrow(
      "MD5_CHECKSUM_INVALID",
    );
    const md5 = "5d41402abc4b2a76b9719d911017c592";
    expect(
      world.uploads.assemble(world.ownerId, { id: BigInt(file.id.toString()), parts: 1, name: "h.txt", md5Checksum: md5, big: false }).bytes.toString(),
    ).toBe("hello");
  });
});
