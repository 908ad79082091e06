/** upload.*: saving parts and serving file bytes with Telegram's offset/limit rules. */
import { Api } from "telegram";
import type { MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";
import { badRequest, RpcError } from "../world/errors";
import { toBigint } from "../world/tl";
import { requireUser } from "./inputs";

const KB = 1024;
const MB = 1024 * 1024;

/**
 * The docs' rules: offset divisible by 4 KB, limit divisible by 4 KB and
 * dividing 1 MB, and the range inside one 1 MB block. With `precise`: 1 KB
 * granularity and limit at most 1 MB, still inside one block.
 */
export function checkFileRange(offset: number, limit: number, precise: boolean): void {
  const granule = precise ? KB : 4 * KB;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset % granule !== 0) throw badRequest("OFFSET_INVALID");
  if (!Number.isInteger(limit) || limit <= 0 || limit % granule !== 0 || limit > MB) throw badRequest("LIMIT_INVALID");
  if (!precise && MB % limit !== 0) throw badRequest("LIMIT_INVALID");
  if (Math.floor(offset / MB) !== Math.floor((offset + limit - 1) / MB)) throw badRequest("LIMIT_INVALID");
}

/** storage.FileType from the bytes, as Telegram tags whole files; any later chunk is "partial". */
export function storageType(bytes: Buffer, offset: number): Api.storage.TypeFileType {
  if (offset > 0) return new Api.storage.FilePartial();
  const at = (sig: number[], pos = 0) => sig.every((b, i) => bytes[pos + i] === b);
  if (at([0xff, 0xd8, 0xff])) return new Api.storage.FileJpeg();
  if (at([0x89, 0x50, 0x4e, 0x47])) return new Api.storage.FilePng();
  if (at([0x47, 0x49, 0x46, 0x38])) return new Api.storage.FileGif();
  if (at([0x52, 0x49, 0x46, 0x46]) && bytes.toString("latin1", 8, 12) === "WEBP") return new Api.storage.FileWebp();
  if (bytes.toString("latin1", 4, 8) === "ftyp") return new Api.storage.FileMp4();
  return new Api.storage.FileUnknown();
}

/** `dcId`: the DC serving (default the world's own); a file kept on another DC is answered FILE_MIGRATE_X, as Telegram does. */
export function registerUploadMethods(registry: MethodRegistry, world: World, dcId?: number): void {
  registry.on("upload.SaveFilePart", (request: Api.upload.SaveFilePart, ctx) => {
    world.uploads.saveSmallPart(requireUser(ctx), toBigint(request.fileId), request.filePart, request.bytes);
    return true;
  });

  registry.on("upload.SaveBigFilePart", (request: Api.upload.SaveBigFilePart, ctx) => {
    world.uploads.saveBigPart(requireUser(ctx), toBigint(request.fileId), request.filePart, request.fileTotalParts, request.bytes);
    return true;
  });

  registry.on("upload.GetFile", (request: Api.upload.GetFile, ctx) => {
    const viewer = requireUser(ctx);
    const offset = Number(toBigint(request.offset));
    checkFileRange(offset, request.limit, Boolean(request.precise));
    const bytes = fileBytes(world, viewer, request.location, dcId ?? world.dc.dcId);
    return new Api.upload.File({ type: storageType(bytes, offset), mtime: 0, bytes: bytes.subarray(offset, offset + request.limit) });
  });
}

/**
 * Telegram's rules for where a file is read: only the DC in its dc_id serves
 * it (others answer 303 FILE_MIGRATE_X), and only with its current file
 * reference (an older one is 400 FILE_REFERENCE_EXPIRED).
 */
function checkStored(world: World, record: { dcId?: number; fileReference: Buffer }, reference: Buffer, servingDc: number): void {
  const storedOn = record.dcId ?? world.dc.dcId;
  if (storedOn !== servingDc) throw new RpcError(303, `FILE_MIGRATE_${storedOn}`);
  if (!Buffer.from(reference).equals(record.fileReference)) throw badRequest("FILE_REFERENCE_EXPIRED");
}

/** The bytes behind a file location: a photo size, a video size, a document or one of its thumbnails. */
function fileBytes(world: World, viewer: bigint, location: unknown, servingDc: number): Buffer {
  if (location instanceof Api.InputPhotoFileLocation) {
    const photo = world.media.photos.get(toBigint(location.id));
    if (!photo || photo.accessHash !== toBigint(location.accessHash)) throw badRequest("FILE_ID_INVALID");
    checkStored(world, photo, location.fileReference, servingDc);
    const size = photo.sizes.find((s) => s.type === location.thumbSize) ?? photo.videoSizes.find((v) => v.type === location.thumbSize);
    if (!size) throw badRequest("LOCATION_INVALID");
    return size.bytes;
  }
  if (location instanceof Api.InputDocumentFileLocation) {
    const doc = world.media.documents.get(toBigint(location.id));
    if (!doc || doc.accessHash !== toBigint(location.accessHash)) throw badRequest("FILE_ID_INVALID");
    checkStored(world, doc, location.fileReference, servingDc);
    if (!location.thumbSize) return doc.bytes;
    const thumb = doc.thumbs.find((t) => t.type === location.thumbSize);
    if (!thumb) throw badRequest("LOCATION_INVALID");
    return thumb.bytes;
  }
  if (location instanceof Api.InputPeerPhotoFileLocation) {
    // A user's avatar as the viewer sees it (GramJS's downloadProfilePhoto).
    const peer = location.peer;
    const userId = peer instanceof Api.InputPeerSelf ? viewer : peer instanceof Api.InputPeerUser ? toBigint(peer.userId) : undefined;
    const user = userId === undefined ? undefined : world.users.get(userId);
    if (!user) throw badRequest("PEER_ID_INVALID");
    const photo = world.media.photos.get(toBigint(location.photoId));
    if (!photo) throw badRequest("LOCATION_INVALID");
    const size = location.big ? photo.sizes[photo.sizes.length - 1] : photo.sizes[0];
    return size.bytes;
  }
  throw badRequest("LOCATION_INVALID");
}
