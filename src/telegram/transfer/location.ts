/**
 * Where a message's media lives: the file location upload.getFile wants, the
 * DC that holds it (a file is served by the DC in its `dc_id`, not
 * necessarily ours), and its size when Telegram said.
 */
import { Api } from "telegram";

export interface MediaLocation {
  readonly location: Api.InputDocumentFileLocation | Api.InputPhotoFileLocation;
  readonly dcId: number;
  readonly size: number | undefined;
}

/** The largest size of a photo, or a document as it is; undefined for media without a file. */
export function mediaLocation(message: Api.Message): MediaLocation | undefined {
  const media = message.media;
  if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) {
    const doc = media.document;
    return {
      location: new Api.InputDocumentFileLocation({ id: doc.id, accessHash: doc.accessHash, fileReference: doc.fileReference, thumbSize: "" }),
      dcId: doc.dcId,
      size: Number(doc.size),
    };
  }
  if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
    const photo = media.photo;
    const largest = largestSize(photo.sizes);
    if (!largest) return undefined;
    return {
      location: new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: largest.type }),
      dcId: photo.dcId,
      size: largest.size,
    };
  }
  return undefined;
}

/** The size that upload.getFile can serve with the most bytes (stripped and cached sizes travel inline, not as files). */
function largestSize(sizes: Api.TypePhotoSize[]): { type: string; size: number } | undefined {
  let best: { type: string; size: number } | undefined;
  for (const s of sizes) {
    const size = s instanceof Api.PhotoSize ? s.size : s instanceof Api.PhotoSizeProgressive ? Math.max(...s.sizes) : undefined;
    if (size !== undefined && (!best || size > best.size)) best = { type: s.type, size };
  }
  return best;
}

/** The file's size as Telegram states it, for refusing too large media before a byte is fetched. */
export function statedMediaSize(message: Api.Message): number | undefined {
  return mediaLocation(message)?.size;
}
