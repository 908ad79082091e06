/**
 * World records → GramJS Api objects, always from one viewer's side (who is
 * "self", who is a contact, which personal photo shows, which messages are
 * outgoing), as Telegram renders them per account.
 */
import { Api } from "telegram";
import type { World } from "./index";
import type { DocumentRecord, PhotoRecord } from "./media";
import type { ChatRecord, MediaRef, ServiceAction, StoredMessage } from "./messages";
import type { UserRecord } from "./users";
import { long, nowSeconds, peerChat, peerUser } from "./tl";

export function renderUser(world: World, viewerId: bigint, user: UserRecord): Api.User {
  if (user.deleted) {
    return new Api.User({ id: long(user.id), accessHash: long(user.accessHash), deleted: true });
  }
  const self = user.id === viewerId;
  const contact = !self && world.isContact(viewerId, user.id);
  return new Api.User({
    id: long(user.id),
    accessHash: long(user.accessHash),
    self,
    contact,
    mutualContact: contact && world.isContact(user.id, viewerId),
    bot: user.bot,
    botInfoVersion: user.bot ? 1 : undefined,
    firstName: user.firstName,
    lastName: user.lastName,
    username: user.username,
    // Telegram shows the number to yourself and to contacts.
    phone: self || contact ? user.phone : undefined,
    photo: renderProfilePhoto(world, viewerId, user),
    status: user.bot ? undefined : new Api.UserStatusRecently({}),
  });
}

function renderProfilePhoto(world: World, viewerId: bigint, user: UserRecord): Api.TypeUserProfilePhoto {
  const personalId = world.account(viewerId).personalPhotos.get(user.id);
  const shownId = personalId ?? user.profilePhotoId ?? user.fallbackPhotoId;
  const photo = shownId === undefined ? undefined : world.media.photos.get(shownId);
  if (!photo) return new Api.UserProfilePhotoEmpty();
  return new Api.UserProfilePhoto({
    photoId: long(photo.id),
    personal: personalId !== undefined,
    hasVideo: photo.videoSizes.length > 0 || photo.emojiMarkup !== undefined,
    strippedThumb: photo.stripped,
    dcId: world.dc.dcId,
  });
}

export function renderPhoto(world: World, photo: PhotoRecord): Api.Photo {
  const videoSizes: Api.TypeVideoSize[] = photo.videoSizes.map(
    (v) => new Api.VideoSize({ type: v.type, w: v.width, h: v.height, size: v.bytes.length, videoStartTs: v.startTs }),
  );
  if (photo.emojiMarkup) videoSizes.push(photo.emojiMarkup);
  return new Api.Photo({
    id: long(photo.id),
    accessHash: long(photo.accessHash),
    fileReference: photo.fileReference,
    date: photo.date,
    sizes: [
      new Api.PhotoStrippedSize({ type: "i", bytes: photo.stripped }),
      ...photo.sizes.map((s) => new Api.PhotoSize({ type: s.type, w: s.width, h: s.height, size: s.bytes.length })),
    ],
    videoSizes: videoSizes.length > 0 ? videoSizes : undefined,
    dcId: photo.dcId ?? world.dc.dcId,
  });
}

export function renderDocument(world: World, doc: DocumentRecord): Api.Document {
  return new Api.Document({
    id: long(doc.id),
    accessHash: long(doc.accessHash),
    fileReference: doc.fileReference,
    date: doc.date,
    mimeType: doc.mimeType,
    size: long(BigInt(doc.bytes.length)),
    thumbs: doc.thumbs.length > 0 ? doc.thumbs.map((s) => new Api.PhotoSize({ type: s.type, w: s.width, h: s.height, size: s.bytes.length })) : undefined,
    dcId: doc.dcId ?? world.dc.dcId,
    attributes: doc.attributes,
  });
}

export function renderMedia(world: World, media: MediaRef): Api.TypeMessageMedia {
  if (media.kind === "photo") {
    const photo = world.media.photos.get(media.photoId);
    return new Api.MessageMediaPhoto({ photo: photo ? renderPhoto(world, photo) : new Api.PhotoEmpty({ id: long(media.photoId) }) });
  }
  const doc = world.media.documents.get(media.documentId);
  if (!doc) return new Api.MessageMediaDocument({ document: new Api.DocumentEmpty({ id: long(media.documentId) }) });
  const isVideo =
    doc.mimeType === "video/mp4" &&
    doc.attributes.some((a) => a instanceof Api.DocumentAttributeVideo) &&
    !doc.attributes.some((a) => a instanceof Api.DocumentAttributeAnimated);
  return new Api.MessageMediaDocument({ document: renderDocument(world, doc), video: isVideo || undefined });
}

function renderAction(world: World, action: ServiceAction): Api.TypeMessageAction {
  switch (action.kind) {
    case "suggestProfilePhoto": {
      const photo = world.media.photos.get(action.photoId);
      return new Api.MessageActionSuggestProfilePhoto({
        photo: photo ? renderPhoto(world, photo) : new Api.PhotoEmpty({ id: long(action.photoId) }),
      });
    }
    case "chatCreate":
      return new Api.MessageActionChatCreate({ title: action.title, users: action.userIds.map(long) });
  }
}

export function renderMessage(world: World, message: StoredMessage): Api.TypeMessage {
  const peerId = message.peer.kind === "user" ? peerUser(message.peer.id) : peerChat(message.peer.id);
  // In private chats Telegram names the sender only on outgoing messages; the peer is the sender otherwise.
  const fromId = message.peer.kind === "chat" || message.out ? peerUser(message.fromId) : undefined;
  if (message.action) {
    return new Api.MessageService({ id: message.id, out: message.out, fromId, peerId, date: message.date, action: renderAction(world, message.action) });
  }
  return new Api.Message({
    id: message.id,
    out: message.out,
    fromId,
    peerId,
    date: message.date,
    message: message.text,
    entities: message.entities,
    media: message.media ? renderMedia(world, message.media) : undefined,
    editDate: message.editDate,
    replyTo: message.replyToId === undefined ? undefined : new Api.MessageReplyHeader({ replyToMsgId: message.replyToId }),
    groupedId: message.groupedId === undefined ? undefined : long(message.groupedId),
  });
}

export function renderChat(world: World, viewerId: bigint, chat: ChatRecord): Api.Chat {
  return new Api.Chat({
    id: long(chat.id),
    title: chat.title,
    creator: chat.creatorId === viewerId,
    photo: new Api.ChatPhotoEmpty(),
    participantsCount: chat.memberIds.length,
    date: chat.date,
    version: 1,
  });
}

/** The users and chats a set of messages mentions, rendered for the viewer (Telegram sends them alongside). */
export function entitiesOf(world: World, viewerId: bigint, messages: StoredMessage[], extraUserIds: bigint[] = []): { users: Api.User[]; chats: Api.Chat[] } {
  const userIds = new Set<bigint>([viewerId, ...extraUserIds]);
  const chatIds = new Set<bigint>();
  for (const m of messages) {
    userIds.add(m.fromId);
    if (m.peer.kind === "user") userIds.add(m.peer.id);
    else chatIds.add(m.peer.id);
  }
  const users = [...userIds].flatMap((id) => {
    const user = world.users.get(id);
    return user ? [renderUser(world, viewerId, user)] : [];
  });
  const chats = [...chatIds].flatMap((id) => {
    const chat = world.chats.get(id);
    return chat ? [renderChat(world, viewerId, chat)] : [];
  });
  return { users, chats };
}

/** Api.Updates carrying `updates` with the entities of `messages`. */
export function updatesEnvelope(world: World, viewerId: bigint, updates: Api.TypeUpdate[], messages: StoredMessage[]): Api.Updates {
  const { users, chats } = entitiesOf(world, viewerId, messages);
  return new Api.Updates({ updates, users, chats, date: nowSeconds(), seq: 0 });
}
