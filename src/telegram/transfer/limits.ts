/**
 * What Telegram allows for file transfers, and what we use of it.
 *
 * Sources (see also /work/coord/notes/network.md):
 * - core.telegram.org/api/files, "Downloading files": upload.getFile's
 *   offset and limit must be divisible by 4 KB, 1 MB must be divisible by
 *   limit, limit is at most 1 MB, and offset / (1024 * 1024) must equal
 *   (offset + limit - 1) / (1024 * 1024) (a part never crosses a 1 MB
 *   boundary). 1 MB parts at 1 MB offsets satisfy all of it.
 * - core.telegram.org/api/files, "Uploading files": part_size % 1024 = 0 and
 *   524288 % part_size = 0; 512 KB is the recommended part size; files over
 *   10 MB go through upload.saveBigFilePart; parts are numbered below
 *   upload_max_fileparts_default (4000). It recommends "a call queue, so X
 *   pieces of the file are being saved at any given moment", X left to the client.
 * - Telegram Desktop (storage/file_download.cpp: kMaxFileQueries = 16 parts of
 *   128 KB in flight per file, i.e. 2 MB; storage/file_upload.cpp:
 *   kMaxUploadFileParallelSize = kUploadSessionsCount (2) * 512 KB). We keep
 *   to the official client's 2 MB in flight per file for downloads and 2 MB
 *   for uploads, on one connection per DC.
 */

export const KB = 1024;
export const MB = 1024 * KB;

/** upload.getFile limit we ask for: the most Telegram allows. */
export const DOWNLOAD_PART_BYTES = MB;
/** Download parts in flight: 2 × 1 MB = Telegram Desktop's 2 MB per file. */
export const DOWNLOAD_IN_FLIGHT = 2;

/** upload.saveFilePart / saveBigFilePart part size: the most allowed, and the one recommended. */
export const UPLOAD_PART_BYTES = 512 * KB;
/** Upload parts in flight: 4 × 512 KB = 2 MB. */
export const UPLOAD_IN_FLIGHT = 4;

/** Above this, Telegram wants saveBigFilePart and InputFileBig. */
export const BIG_FILE_BYTES = 10 * MB;
/** upload_max_fileparts_default. */
export const MAX_UPLOAD_PARTS = 4000;

/** How a transfer runs: the defaults above, or the old one-part-at-a-time path the bench compares against. */
export interface TransferTuning {
  downloadPartBytes: number;
  downloadInFlight: number;
  uploadPartBytes: number;
  uploadInFlight: number;
}

export const PARALLEL: TransferTuning = {
  downloadPartBytes: DOWNLOAD_PART_BYTES,
  downloadInFlight: DOWNLOAD_IN_FLIGHT,
  uploadPartBytes: UPLOAD_PART_BYTES,
  uploadInFlight: UPLOAD_IN_FLIGHT,
};

/** What GramJS does by itself for files of the sizes we meet: 128 KB parts, one request at a time. */
export const SEQUENTIAL: TransferTuning = {
  downloadPartBytes: 128 * KB,
  downloadInFlight: 1,
  uploadPartBytes: 128 * KB,
  uploadInFlight: 1,
};

/** Checks a download part against the rules above (a bug guard: a bad request would only fail on Telegram). */
export function isValidDownloadRange(offset: number, limit: number): boolean {
  return (
    offset % (4 * KB) === 0 && limit > 0 && limit % (4 * KB) === 0 && MB % limit === 0 && Math.floor(offset / MB) === Math.floor((offset + limit - 1) / MB)
  );
}

/** Checks an upload part size against the rules above. */
export function isValidUploadPartSize(size: number): boolean {
  return size > 0 && size % KB === 0 && (512 * KB) % size === 0;
}
