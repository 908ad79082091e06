/** messages.getStickerSet / messages.getCustomEmojiDocuments: what a client asks to learn about a sticker or emoji. */
import { Api } from "telegram";
import type { MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";
import { renderDocument } from "../world/render";
import { long, toBigint } from "../world/tl";
import { requireUser, resolveStickerSet } from "./inputs";

export { ANIMATED_EMOJI_SET } from "./inputs";

export function registerStickersMethods(registry: MethodRegistry, world: World): void {
  registry.on("messages.GetStickerSet", (request: Api.messages.GetStickerSet, ctx) => {
    requireUser(ctx);
    const set = resolveStickerSet(world, request.stickerset);
    const documents = set.documentIds.flatMap((id) => {
      const doc = world.media.documents.get(id);
      return doc ? [renderDocument(world, doc)] : [];
    });
    return new Api.messages.StickerSet({
      set: new Api.StickerSet({
        id: long(set.id),
        accessHash: long(set.accessHash),
        title: set.title,
        shortName: set.shortName,
        emojis: set.emojis,
        count: documents.length,
        hash: 0,
      }),
      packs: packsOf(documents),
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

/** Which stickers stand for which emoji, from each sticker's alt, as Telegram lists them. */
function packsOf(documents: Api.TypeDocument[]): Api.StickerPack[] {
  const byEmoji = new Map<string, Api.long[]>();
  for (const doc of documents) {
    if (!(doc instanceof Api.Document)) continue;
    const alt = doc.attributes.find((a): a is Api.DocumentAttributeSticker => a instanceof Api.DocumentAttributeSticker)?.alt;
    if (alt) byEmoji.set(alt, [...(byEmoji.get(alt) ?? []), doc.id]);
  }
  return [...byEmoji].map(([emoticon, ids]) => new Api.StickerPack({ emoticon, documents: ids }));
}
