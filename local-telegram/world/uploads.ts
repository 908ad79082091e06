/**
 * Files uploaded in parts (upload.saveFilePart / upload.saveBigFilePart), kept
 * until a method references them with an InputFile, then assembled with
 * Telegram's part rules. Every assembled file stays inspectable so tests can
 * decode exactly what the client sent.
 */
import { createHash } from "node:crypto";
import { badRequest } from "./errors";

export const MAX_PART_BYTES = 512 * 1024;
export const MAX_PARTS = 4000;
/** Above this GramJS (and Telegram) switch to saveBigFilePart / InputFileBig. */
export const BIG_FILE_THRESHOLD = 10 * 1024 * 1024;

/** Telegram's rule for part sizes: a multiple of 1 KB that divides 512 KB. */
export function isValidPartSize(size: number): boolean {
  return size > 0 && size % 1024 === 0 && MAX_PART_BYTES % size === 0;
}

export interface UploadedFile {
  readonly ownerId: bigint;
  readonly fileId: bigint;
  readonly name: string;
  readonly bytes: Buffer;
  readonly parts: number;
  readonly partSize: number;
  readonly big: boolean;
  /** What the client sent in InputFile.md5_checksum ("" from GramJS). */
  readonly md5Checksum: string;
}

/** How a method refers to an upload: GramJS's InputFile / InputFileBig, reduced to what matters. */
export interface InputFileRef {
  readonly id: bigint;
  readonly parts: number;
  readonly name: string;
  readonly md5Checksum?: string;
  readonly big: boolean;
}

interface PendingUpload {
  readonly big: boolean;
  readonly totalParts?: number;
  readonly parts: Map<number, Buffer>;
}

export class UploadStore {
  private readonly pending = new Map<string, PendingUpload>();
  /** Every file a method assembled, oldest first. */
  readonly completed: UploadedFile[] = [];

  saveSmallPart(ownerId: bigint, fileId: bigint, part: number, bytes: Buffer): void {
    checkPart(part, bytes);
    const upload = this.session(ownerId, fileId, { big: false });
    upload.parts.set(part, Buffer.from(bytes));
  }

  saveBigPart(ownerId: bigint, fileId: bigint, part: number, totalParts: number, bytes: Buffer): void {
    if (!Number.isInteger(totalParts) || totalParts < 1 || totalParts > MAX_PARTS) throw badRequest("FILE_PARTS_INVALID");
    checkPart(part, bytes);
    if (part >= totalParts) throw badRequest("FILE_PART_INVALID");
    const upload = this.session(ownerId, fileId, { big: true, totalParts });
    if (upload.totalParts !== totalParts) throw badRequest("FILE_PARTS_INVALID");
    // With the total known, every part but the last must have the one valid size.
    if (part < totalParts - 1) {
      if (!isValidPartSize(bytes.length)) throw badRequest("FILE_PART_SIZE_INVALID");
      for (const [other, data] of upload.parts) {
        if (other < totalParts - 1 && data.length !== bytes.length) throw badRequest("FILE_PART_SIZE_CHANGED");
      }
    }
    upload.parts.set(part, Buffer.from(bytes));
  }

  /** Puts the parts together; throws Telegram's error when they do not make the file the InputFile describes. */
  assemble(ownerId: bigint, ref: InputFileRef): UploadedFile {
    if (!Number.isInteger(ref.parts) || ref.parts < 1 || ref.parts > MAX_PARTS) throw badRequest("FILE_PARTS_INVALID");
    const upload = this.pending.get(key(ownerId, ref.id));
    if (!upload) throw badRequest("FILE_PART_0_MISSING");
    if (upload.big !== ref.big) throw badRequest("FILE_PARTS_INVALID");
    if (upload.totalParts !== undefined && upload.totalParts !== ref.parts) throw badRequest("FILE_PARTS_INVALID");
    for (const part of upload.parts.keys()) if (part >= ref.parts) throw badRequest("FILE_PARTS_INVALID");

    const chunks: Buffer[] = [];
    for (let part = 0; part < ref.parts; part++) {
      const chunk = upload.parts.get(part);
      if (!chunk) throw badRequest(`FILE_PART_${part}_MISSING`);
      chunks.push(chunk);
    }
    const partSize = chunks[0].length;
    if (ref.parts > 1) {
      if (!isValidPartSize(partSize)) throw badRequest("FILE_PART_SIZE_INVALID");
      const middleDiffers = chunks.slice(1, -1).some((c) => c.length !== partSize);
      if (middleDiffers || chunks[chunks.length - 1].length > partSize) throw badRequest("FILE_PART_SIZE_CHANGED");
    }
    const bytes = Buffer.concat(chunks);
    const md5Checksum = ref.md5Checksum ?? "";
    if (md5Checksum !== "" && md5Checksum.toLowerCase() !== createHash("md5").update(bytes).digest("hex")) {
      throw badRequest("MD5_CHECKSUM_INVALID");
    }
    const file: UploadedFile = { ownerId, fileId: ref.id, name: ref.name, bytes, parts: ref.parts, partSize, big: ref.big, md5Checksum };
    this.completed.push(file);
    return file;
  }

  private session(ownerId: bigint, fileId: bigint, shape: { big: boolean; totalParts?: number }): PendingUpload {
    const k = key(ownerId, fileId);
    let upload = this.pending.get(k);
    if (!upload) {
      upload = { ...shape, parts: new Map() };
      this.pending.set(k, upload);
    } else if (upload.big !== shape.big) {
      throw badRequest("FILE_PARTS_INVALID");
    }
    return upload;
  }
}

function key(ownerId: bigint, fileId: bigint): string {
  return `${ownerId}:${fileId}`;
}

function checkPart(part: number, bytes: Buffer): void {
  if (!Number.isInteger(part) || part < 0 || part >= MAX_PARTS) throw badRequest("FILE_PART_INVALID");
  if (bytes.length === 0) throw badRequest("FILE_PART_EMPTY");
  if (bytes.length > MAX_PART_BYTES) throw badRequest("FILE_PART_TOO_BIG");
}
