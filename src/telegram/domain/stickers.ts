import { Api } from "telegram";
import type { Gateway } from "../gateway";
import { toInputStickerSet, toStickerSet } from "../mapping";
import type { StickersApi } from "../types";

export function stickersApi(gw: Gateway): StickersApi {
  return {
    async getSet(set, opts) {
      const result = await gw.call(new Api.messages.GetStickerSet({ stickerset: toInputStickerSet(set), hash: 0 }), opts);
      if (!(result instanceof Api.messages.StickerSet)) throw new Error("messages.getStickerSet answered StickerSetNotModified to hash 0");
      return toStickerSet(result);
    },
  };
}
