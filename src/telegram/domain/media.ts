import { Api } from "telegram";
import { UserError } from "../../core/errors";
import type { Gateway } from "../gateway";
import { rawPhotoOf, toUploadedFile } from "../mapping";
import type { CallOptions, Message, Photo } from "../model";
import type { MediaApi } from "../types";
import { rawMessage } from "./messages";

export function mediaApi(gw: Gateway): MediaApi {
  return {
    async download(from, opts = {}) {
      return gw.download(await downloadable(gw, from, opts), opts);
    },
    async downloadToFile(from, file, opts = {}) {
      return gw.downloadToFile(await downloadable(gw, from, opts), file, opts);
    },
    async upload(bytes, name, opts = {}) {
      const raw = await gw.upload(name, bytes, opts);
      return toUploadedFile(raw, name, bytes.length);
    },
  };
}

async function downloadable(gw: Gateway, from: Message | Photo, opts: CallOptions): Promise<Api.Message> {
  if (isMessage(from)) {
    const raw = await rawMessage(gw, from, opts);
    if (!(raw instanceof Api.Message) || !raw.media) throw new UserError("That message has no media that can be downloaded");
    return raw;
  }
  const photo = rawPhotoOf(from);
  if (!photo) throw new Error("media.download: pass a Photo as the service returned it (a copy has lost its file reference)");
  // The transfer engine reads media from a message: a stand-in carrying the photo (id -1: no message to refetch it from).
  return new Api.Message({
    id: -1,
    peerId: new Api.PeerUser({ userId: photo.id }),
    date: photo.date,
    message: "",
    media: new Api.MessageMediaPhoto({ photo }),
  });
}

function isMessage(from: Message | Photo): from is Message {
  return "chat" in from;
}
