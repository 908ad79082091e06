/**
 * Photos and documents with the bytes behind every size, so upload.getFile
 * can serve exactly what the records describe.
 */
import sharp from "sharp";
import type { Api } from "telegram";
import { randomBytes } from "node:crypto";
import { nowSeconds, randomLong, randomPositiveLong } from "./tl";
import type { UploadedFile } from "./uploads";

export interface PhotoSizeRecord {
  /** Telegram's size letter: "s", "m", "x" for message photos; "a", "b", "c" for profile photos. */
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: Buffer;
}

export interface VideoSizeRecord {
  readonly type: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: Buffer;
  readonly startTs?: number;
}

export interface PhotoRecord {
  readonly id: bigint;
  readonly accessHash: bigint;
  /** Renewed by `renewFileReference`; a location with an older one is answered FILE_REFERENCE_EXPIRED. */
  fileReference: Buffer;
  /** The DC that stores it, when not the world's own (see `moveToDc`). */
  dcId?: number;
  readonly date: number;
  readonly sizes: PhotoSizeRecord[];
  /** A tiny preview in Telegram's stripped-JPEG layout (see `strippedPreview`). */
  readonly stripped: Buffer;
  readonly videoSizes: VideoSizeRecord[];
  /** An animated sticker or emoji avatar: the markup it was made from. */
  readonly emojiMarkup?: Api.TypeVideoSize;
  /** For photos made from uploads: what the client sent, so tests can check the exact bytes. */
  readonly source?: PhotoSource;
}

export interface PhotoSource {
  readonly file?: UploadedFile;
  readonly video?: UploadedFile;
  readonly videoStartTs?: number;
  readonly emojiMarkup?: Api.TypeVideoSize;
}

export interface DocumentRecord {
  readonly id: bigint;
  readonly accessHash: bigint;
  /** Renewed by `renewFileReference`; a location with an older one is answered FILE_REFERENCE_EXPIRED. */
  fileReference: Buffer;
  /** The DC that stores it, when not the world's own (see `moveToDc`). */
  dcId?: number;
  readonly date: number;
  readonly mimeType: string;
  readonly bytes: Buffer;
  /** Rendered as they are. */
  readonly attributes: Api.TypeDocumentAttribute[];
  readonly thumbs: PhotoSizeRecord[];
}

/** Where a photo will be shown decides its size ladder, as on Telegram. */
export type PhotoKind = "message" | "profile";

const LADDERS: Record<PhotoKind, ReadonlyArray<{ type: string; box: number }>> = {
  message: [
    { type: "s", box: 100 },
    { type: "m", box: 320 },
    { type: "x", box: 800 },
    { type: "y", box: 1280 },
  ],
  profile: [
    { type: "a", box: 160 },
    { type: "b", box: 320 },
    { type: "c", box: 640 },
  ],
};

/**
 * The sizes Telegram would make from an image. Message photos get every rung
 * up to the image's own size (never upscaled); profile photos are always
 * cropped square and made at every rung, as Telegram does for avatars.
 */
export function photoSizesFrom(image: Buffer, kind: PhotoKind): Promise<PhotoSizeRecord[]> {
  // Fixture buffers are shared between worlds, so their ladders are made once per buffer.
  const memo = ladderMemo[kind];
  let sizes = memo.get(image);
  if (!sizes) {
    sizes = makeLadder(image, kind);
    memo.set(image, sizes);
  }
  return sizes;
}

const ladderMemo: Record<PhotoKind, WeakMap<Buffer, Promise<PhotoSizeRecord[]>>> = { message: new WeakMap(), profile: new WeakMap() };

async function makeLadder(image: Buffer, kind: PhotoKind): Promise<PhotoSizeRecord[]> {
  const meta = await sharp(image).metadata();
  const longest = Math.max(meta.width ?? 0, meta.height ?? 0);
  const ladder = LADDERS[kind];
  const rungs = kind === "profile" ? ladder : ladder.filter((rung, i) => i === 0 || rung.box <= longest || ladder[i - 1].box < longest);
  return Promise.all(
    rungs.map(async ({ type, box }) => {
      const { data, info } = await sharp(image)
        .resize(box, box, { fit: kind === "profile" ? "cover" : "inside", withoutEnlargement: kind === "message" })
        .jpeg({ quality: 87 })
        .toBuffer({ resolveWithObject: true });
      return { type, width: info.width, height: info.height, bytes: data };
    }),
  );
}

/**
 * Telegram's stripped thumbnail: 0x01, height, width, then a tiny JPEG's
 * scan data (clients glue a fixed JPEG header back on). Ours carries the
 * right layout and dimensions; the scan bytes come from a plain sharp JPEG, so
 * a client that rebuilds the picture may get noise. Nothing in the project
 * decodes it.
 */
export async function strippedPreview(image: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(image).resize(40, 40, { fit: "inside" }).jpeg({ quality: 20 }).toBuffer({ resolveWithObject: true });
  const sos = data.indexOf(Buffer.from([0xff, 0xda]));
  const scan = sos >= 0 ? data.subarray(sos + 2 + data.readUInt16BE(sos + 2), data.length - 2) : data;
  return Buffer.concat([Buffer.from([1, info.height, info.width]), scan]);
}

export class MediaLibrary {
  readonly photos = new Map<bigint, PhotoRecord>();
  readonly documents = new Map<bigint, DocumentRecord>();
  /**
   * Telegram's photo ids grow with time (photos.getUserPhotos' max_id relies
   * on it): a random start with room above it, then random steps up.
   */
  private lastPhotoId = randomPositiveLong() >> 8n;

  private nextPhotoId(): bigint {
    this.lastPhotoId += 1n + (randomPositiveLong() % 1000n);
    return this.lastPhotoId;
  }

  async addPhotoFromImage(
    image: Buffer,
    kind: PhotoKind,
    extra: { videoSizes?: VideoSizeRecord[]; emojiMarkup?: Api.TypeVideoSize; source?: PhotoSource } = {},
  ): Promise<PhotoRecord> {
    const [sizes, stripped] = await Promise.all([photoSizesFrom(image, kind), strippedPreview(image)]);
    const photo: PhotoRecord = {
      id: this.nextPhotoId(),
      accessHash: randomLong(),
      fileReference: randomBytes(8),
      date: nowSeconds(),
      sizes,
      stripped,
      videoSizes: extra.videoSizes ?? [],
      emojiMarkup: extra.emojiMarkup,
      source: extra.source,
    };
    this.photos.set(photo.id, photo);
    return photo;
  }

  addDocument(spec: { mimeType: string; bytes: Buffer; attributes: Api.TypeDocumentAttribute[]; thumbs?: PhotoSizeRecord[] }): DocumentRecord {
    const document: DocumentRecord = {
      id: randomPositiveLong(),
      accessHash: randomLong(),
      fileReference: randomBytes(8),
      date: nowSeconds(),
      thumbs: [],
      ...spec,
    };
    this.documents.set(document.id, document);
    return document;
  }

  /** A photo or document by id. */
  find(id: bigint): PhotoRecord | DocumentRecord | undefined {
    return this.photos.get(id) ?? this.documents.get(id);
  }

  /** As Telegram does from time to time: locations holding the old reference stop working. */
  renewFileReference(id: bigint): Buffer {
    const record = this.find(id);
    if (!record) throw new Error(`renewFileReference: no photo or document ${id}`);
    record.fileReference = randomBytes(8);
    return record.fileReference;
  }

  /** Keeps the file on another DC: messages show that dc_id, and only that DC serves its bytes. */
  moveToDc(id: bigint, dcId: number): void {
    const record = this.find(id);
    if (!record) throw new Error(`moveToDc: no photo or document ${id}`);
    record.dcId = dcId;
  }
}
