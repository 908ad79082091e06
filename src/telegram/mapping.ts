/**
 * GramJS objects → the project's own (model.ts). The GramJS originals that a
 * later call needs (a message's media with its file reference, a photo, an
 * uploaded file) are remembered in weak maps keyed by the owned object, so
 * plugins hold plain data and the service can still use what they pass back.
 */
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers";
import { chatIdOf } from "./chatIds";
import type { CustomEmoji, FullUser, Media, Message, Peer, Photo, StickerSet, StickerSetRef, UploadedFile, User } from "./model";

const rawMessages = new WeakMap<object, Api.Message | Api.MessageService>();
const rawPhotos = new WeakMap<object, Api.Photo>();
const rawFiles = new WeakMap<object, Api.TypeInputFile>();

export function rawMessageOf(message: Message): Api.Message | Api.MessageService | undefined {
  return rawMessages.get(message);
}

export function rawPhotoOf(photo: Photo): Api.Photo | undefined {
  return rawPhotos.get(photo);
}

export function rawFileOf(file: UploadedFile): Api.TypeInputFile | undefined {
  return rawFiles.get(file);
}

export function toUploadedFile(raw: Api.TypeInputFile, name: string, size: number): UploadedFile {
  const file: UploadedFile = Object.freeze({ name, size });
  rawFiles.set(file, raw);
  return file;
}

const big = (value: { toString(): string } | number | bigint): bigint => BigInt(value.toString());

export function toUser(user: Api.User): User {
  const photo = user.photo instanceof Api.UserProfilePhoto ? { id: big(user.photo.photoId), personal: Boolean(user.photo.personal) } : undefined;
  return {
    id: big(user.id),
    firstName: user.firstName ?? "",
    lastName: user.lastName ?? "",
    ...(user.username ? { username: user.username } : user.usernames?.[0] ? { username: user.usernames[0].username } : {}),
    ...(user.phone ? { phone: user.phone } : {}),
    self: Boolean(user.self),
    bot: Boolean(user.bot),
    deleted: Boolean(user.deleted),
    contact: Boolean(user.contact),
    mutualContact: Boolean(user.mutualContact),
    reachable: user.accessHash !== undefined && !user.min,
    ...(photo ? { photo } : {}),
  };
}

export function toPeer(peer: Api.TypePeer): Peer {
  if (peer instanceof Api.PeerUser) return { kind: "user", id: big(peer.userId) };
  if (peer instanceof Api.PeerChat) return { kind: "group", id: big(peer.chatId) };
  return { kind: "channel", id: big(peer.channelId) };
}

export { chatIdOf } from "./chatIds";

export function toPeerInput(peer: Peer): Api.TypePeer {
  if (peer.kind === "user") return new Api.PeerUser({ userId: bigInteger(peer.id) });
  if (peer.kind === "group") return new Api.PeerChat({ chatId: bigInteger(peer.id) });
  return new Api.PeerChannel({ channelId: bigInteger(peer.id) });
}

/** GramJS's big-integer type, from a bigint. */
export function bigInteger(value: bigint): Api.long {
  return returnBigInt(value.toString());
}

export function toMessage(message: Api.Message | Api.MessageService): Message {
  const chat = toPeer(message.peerId);
  const isService = message instanceof Api.MessageService;
  const replyTo = message.replyTo instanceof Api.MessageReplyHeader ? message.replyTo.replyToMsgId : undefined;
  const suggested = isService && message.action instanceof Api.MessageActionSuggestProfilePhoto ? toPhoto(message.action.photo) : undefined;
  const owned: Message = {
    id: message.id,
    chat,
    chatId: chatIdOf(chat),
    ...(message.fromId ? { from: toPeer(message.fromId) } : {}),
    out: Boolean(message.out),
    date: message.date ?? 0,
    text: isService ? "" : (message.message ?? ""),
    ...(replyTo !== undefined ? { replyToId: replyTo } : {}),
    ...(!isService && message.groupedId !== undefined && message.groupedId !== null ? { groupedId: big(message.groupedId) } : {}),
    forwarded: !isService && Boolean(message.fwdFrom),
    viaBot: !isService && Boolean(message.viaBotId),
    post: Boolean(message.post),
    service: isService,
    ...(suggested ? { suggestedPhoto: suggested } : {}),
    customEmoji: isService ? [] : customEmojiOf(message),
    ...(!isService && message.media ? { media: toMedia(message.media) } : {}),
  };
  rawMessages.set(owned, message);
  return owned;
}

function customEmojiOf(message: Api.Message): CustomEmoji[] {
  return (message.entities ?? [])
    .filter((e): e is Api.MessageEntityCustomEmoji => e instanceof Api.MessageEntityCustomEmoji)
    .sort((a, b) => a.offset - b.offset)
    .map((e) => ({ offset: e.offset, length: e.length, documentId: big(e.documentId) }));
}

export function toMedia(media: Api.TypeMessageMedia): Media {
  if (media instanceof Api.MessageMediaPhoto && media.photo instanceof Api.Photo) {
    const largest = largestSize(media.photo);
    return { kind: "photo", id: big(media.photo.id), mime: "image/jpeg", ...largest };
  }
  if (media instanceof Api.MessageMediaDocument && media.document instanceof Api.Document) return toDocumentMedia(media.document);
  return { kind: "other" };
}

function toDocumentMedia(doc: Api.Document): Media {
  const attrs = doc.attributes;
  const sticker = attrs.find((a): a is Api.DocumentAttributeSticker => a instanceof Api.DocumentAttributeSticker);
  const video = attrs.find((a): a is Api.DocumentAttributeVideo => a instanceof Api.DocumentAttributeVideo);
  const image = attrs.find((a): a is Api.DocumentAttributeImageSize => a instanceof Api.DocumentAttributeImageSize);
  const animated = attrs.some((a) => a instanceof Api.DocumentAttributeAnimated);
  const fileName = attrs.find((a): a is Api.DocumentAttributeFilename => a instanceof Api.DocumentAttributeFilename)?.fileName;
  const mime = doc.mimeType ?? "";
  const base = { id: big(doc.id), mime, size: Number(doc.size) };
  const dims = video ? { width: video.w, height: video.h } : image ? { width: image.w, height: image.h } : {};
  if (sticker) {
    const format = mime === "application/x-tgsticker" ? "animated" : mime === "video/webm" ? "video" : "static";
    const set = toStickerSetRef(sticker.stickerset);
    return { kind: "sticker", ...base, ...dims, format, emoji: sticker.alt ?? "", ...(set ? { set } : {}) };
  }
  if (mime.startsWith("video/") || video) {
    const kind = video?.roundMessage ? "round" : animated ? "gif" : "video";
    return { kind, ...base, ...dims, ...(video ? { duration: video.duration } : {}), ...(fileName ? { fileName } : {}) };
  }
  if (mime === "image/gif" && animated) return { kind: "gif", ...base, ...dims, ...(fileName ? { fileName } : {}) };
  return { kind: "document", ...base, ...dims, ...(fileName ? { fileName } : {}) };
}

export function toStickerSetRef(set: Api.TypeInputStickerSet): StickerSetRef | undefined {
  if (set instanceof Api.InputStickerSetID) return { id: big(set.id), accessHash: big(set.accessHash) };
  if (set instanceof Api.InputStickerSetShortName) return { shortName: set.shortName };
  return undefined;
}

export function toInputStickerSet(set: StickerSetRef | "animated-emoji"): Api.TypeInputStickerSet {
  if (set === "animated-emoji") return new Api.InputStickerSetAnimatedEmoji();
  if ("shortName" in set) return new Api.InputStickerSetShortName({ shortName: set.shortName });
  return new Api.InputStickerSetID({ id: bigInteger(set.id), accessHash: bigInteger(set.accessHash) });
}

export function toStickerSet(result: Api.messages.StickerSet): StickerSet {
  return {
    ref: { id: big(result.set.id), accessHash: big(result.set.accessHash) },
    title: result.set.title,
    shortName: result.set.shortName,
    stickers: result.documents.flatMap((d) => {
      if (!(d instanceof Api.Document)) return [];
      const attr = d.attributes.find((a): a is Api.DocumentAttributeSticker => a instanceof Api.DocumentAttributeSticker);
      return [{ id: big(d.id), emoji: attr?.alt ?? "" }];
    }),
    packs: result.packs.map((p) => ({ emoji: p.emoticon, stickerIds: p.documents.map(big) })),
  };
}

export function toPhoto(photo: Api.TypePhoto | undefined): Photo | undefined {
  if (!(photo instanceof Api.Photo)) return undefined;
  const owned: Photo = { id: big(photo.id), date: photo.date, ...largestSize(photo), animated: Boolean(photo.videoSizes?.length) };
  rawPhotos.set(owned, photo);
  return owned;
}

export function toFullUser(full: Api.users.UserFull, user: Api.User): FullUser {
  const info = full.fullUser;
  const personal = toPhoto(info.personalPhoto);
  const profile = toPhoto(info.profilePhoto);
  const fallback = toPhoto(info.fallbackPhoto);
  return {
    user: toUser(user),
    ...(info.about ? { about: info.about } : {}),
    ...(personal ? { personalPhoto: personal } : {}),
    ...(profile ? { profilePhoto: profile } : {}),
    ...(fallback ? { fallbackPhoto: fallback } : {}),
  };
}

/** The largest size of a photo (what a download fetches). */
function largestSize(photo: Api.Photo): { width?: number; height?: number; size?: number } {
  let best: { width: number; height: number; size?: number } | undefined;
  for (const s of photo.sizes) {
    const size = s instanceof Api.PhotoSize ? s.size : s instanceof Api.PhotoSizeProgressive ? Math.max(...s.sizes) : undefined;
    if (!(s instanceof Api.PhotoSize || s instanceof Api.PhotoSizeProgressive)) continue;
    if (!best || s.w * s.h > best.width * best.height) best = { width: s.w, height: s.h, size };
  }
  return best ?? {};
}
