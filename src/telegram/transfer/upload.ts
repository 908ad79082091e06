/**
 * Uploading bytes in parts through a sliding window: 512 KB parts (the
 * recommended size), several in flight, saveBigFilePart above 10 MB as
 * Telegram asks. Knows nothing of GramJS's client: `savePart` sends one request.
 */
import { createHash, randomBytes } from "node:crypto";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers";
import { BIG_FILE_BYTES, isValidUploadPartSize, MAX_UPLOAD_PARTS } from "./limits";
import { runWindow } from "./window";

export type SavePart = (request: Api.upload.SaveFilePart | Api.upload.SaveBigFilePart, signal: AbortSignal) => Promise<boolean>;

export interface UploadPartsOptions {
  bytes: Buffer;
  name: string;
  savePart: SavePart;
  partBytes: number;
  inFlight: number;
  progress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export class UploadTooLargeError extends Error {
  override name = "UploadTooLargeError";
}

export async function uploadParts(opts: UploadPartsOptions): Promise<Api.InputFile | Api.InputFileBig> {
  const { bytes, partBytes } = opts;
  if (!isValidUploadPartSize(partBytes)) throw new Error(`${partBytes} is not a part size Telegram accepts`);
  const parts = Math.max(1, Math.ceil(bytes.length / partBytes));
  if (parts > MAX_UPLOAD_PARTS) throw new UploadTooLargeError(`the file needs ${parts} parts, Telegram takes at most ${MAX_UPLOAD_PARTS}`);
  const big = bytes.length > BIG_FILE_BYTES;
  const fileId = returnBigInt(randomBytes(8).readBigInt64LE());
  let done = 0;
  await runWindow<number>({
    count: parts,
    inFlight: opts.inFlight,
    signal: opts.signal,
    run: async (part, signal) => {
      const chunk = bytes.subarray(part * partBytes, (part + 1) * partBytes);
      const request = big
        ? new Api.upload.SaveBigFilePart({ fileId, filePart: part, fileTotalParts: parts, bytes: chunk })
        : new Api.upload.SaveFilePart({ fileId, filePart: part, bytes: chunk });
      // Telegram answers boolTrue; anything else means the part was not saved.
      if ((await opts.savePart(request, signal)) !== true) throw new Error(`Telegram did not save part ${part} of ${opts.name}`);
      return chunk.length;
    },
    take: (_part, length) => {
      done += length;
      opts.progress?.(done, bytes.length);
    },
  });
  if (big) return new Api.InputFileBig({ id: fileId, parts, name: opts.name });
  // The checksum lets Telegram refuse a file whose parts arrived damaged (it is optional, and cheap below 10 MB).
  return new Api.InputFile({ id: fileId, parts, name: opts.name, md5Checksum: createHash("md5").update(bytes).digest("hex") });
}
