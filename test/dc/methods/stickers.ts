/** messages.getStickerSet / messages.getCustomEmojiDocuments: what a client asks to learn about a sticker or emoji. */
import { Api } from "telegram";
import type { MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";
import { badRequest } from "../world/errors";
import { renderDocument } from "../world/render";
import { long, toBigint } from "../world/tl";
import { requireUser } from "./inputs";

export function registerStickersMethods(registry: MethodRegistry, world: World): void {
  registry.on("messages.GetStickerSet", (request: Api.messages.GetStickerSet, ctx) => {
    requireUser(ctx);
    const wanted = request.stickerset;
    const set =
      wanted instanceof Api.InputStickerSetID
        ? world.stickerSets.get(toBigint(wanted.id))
        : wanted instanceof Api.InputStickerSetShortName
          ? world.stickerSets.findByShortName(wanted.shortName)
          : undefined;
    if (!set || (wanted instanceof Api.InputStickerSetID && set.accessHash !== toBigint(wanted.accessHash))) throw badRequest("STICKERSET_INVALID");
    const documents = set.documentIds.flatMap((id) => {
      const doc = world.media.documents.get(id);
      return doc ? [renderDocument(world, doc)] : [];
    });
    return new Api.messages.StickerSet({
      set: new Api.StickerSet({ id: long(set.id), accessHash: long(set.accessHash), title: set.title, shortName: set.shortName, emojis: set.emojis, count: documents.length, hash: 0 }),
      packs: [],
      keywords: [],
      documents,
    });
  });

  // Unknown ids are left out, as Telegram does.
  registry.on("messages.GetCustomEmojiDocuments", (request: Api.messages.GetCustomEmojiDocuments, ctx) => {
    requireUser(ctx);
    return request.documentId.flatMap((id) => {
      const doc = world.media.documents.get(toBigint(id));
      const isEmoji = doc?.attributes.some((a) => a instanceof Api.DocumentAttributeCustomEmoji);
      return doc && isEmoji ? [renderDocument(world, doc)] : [];
    });
  });
}
