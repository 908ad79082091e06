/**
 * messages.*: sending, editing, deleting and reading messages, with the
 * updates Telegram pushes to the other sessions and participants.
 */
import { Api } from "telegram";
import type { MethodContext, MethodRegistry } from "../protocol/rpc";
import type { ChatRef, World } from "../world";
import { badRequest } from "../world/errors";
import type { MediaRef, StoredMessage, UpdateLogEntry } from "../world/messages";
import { peerKeyOf } from "../world";
import { entitiesOf, renderMedia, renderMessage, updatesEnvelope } from "../world/render";
import { long, nowSeconds, randomPositiveLong, toBigint } from "../world/tl";
import { checkPhotoName, decodeImage } from "./imageRules";
import { inputFileRef, present, requireCaller, requireUser, resolveInputPeer } from "./inputs";

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;
const MAX_HISTORY_LIMIT = 100;
/** Telegram's album: 2 to 10 items (one is accepted too and sent as a single message). */
const MAX_ALBUM = 10;

export function registerMessagesMethods(registry: MethodRegistry, world: World): void {
  /** Refuses sending to a deleted account, as Telegram does. */
  const writableChat = (ctx: MethodContext, peer: unknown): ChatRef => {
    const chat = resolveInputPeer(world, requireCaller(ctx), peer);
    if ("userId" in chat && world.users.get(chat.userId)?.deleted) throw badRequest("INPUT_USER_DEACTIVATED");
    return chat;
  };

  const sendAndPush = (
    ctx: MethodContext,
    viewer: bigint,
    chat: ChatRef,
    content: { text: string; entities?: Api.TypeMessageEntity[]; media?: MediaRef; replyTo?: number; groupedId?: bigint },
  ) => {
    const copies = world.deliver(viewer, chat, content);
    world.pushNewMessages(copies, "full", { userId: viewer, authKeyId: ctx.authKeyId });
    return copies.get(viewer)!;
  };

  registry.on("messages.SendMessage", (request: Api.messages.SendMessage, ctx) => {
    const viewer = requireUser(ctx);
    const chat = writableChat(ctx, request.peer);
    if (!request.message.trim()) throw badRequest("MESSAGE_EMPTY");
    if (request.message.length > MAX_TEXT) throw badRequest("MESSAGE_TOO_LONG");
    const entities = present(request.entities);
    const { message, entry } = sendAndPush(ctx, viewer, chat, { text: request.message, entities, replyTo: replyToIdOf(request.replyTo) });
    // Telegram answers the sender with the short form; the full message goes to everyone else.
    return new Api.UpdateShortSentMessage({ out: true, id: message.id, pts: entry.pts, ptsCount: entry.ptsCount, date: message.date, entities });
  });

  registry.on("messages.SendMedia", async (request: Api.messages.SendMedia, ctx) => {
    const viewer = requireUser(ctx);
    const chat = writableChat(ctx, request.peer);
    if (request.message.length > MAX_CAPTION) throw badRequest("MEDIA_CAPTION_TOO_LONG");
    const media = await mediaFromInput(world, viewer, request.media);
    const { message, entry } = sendAndPush(ctx, viewer, chat, {
      text: request.message,
      entities: present(request.entities),
      media,
      replyTo: replyToIdOf(request.replyTo),
    });
    return sentUpdates(world, viewer, message, entry, request.randomId ?? long(0n));
  });

  // What GramJS calls before an album: turns an upload into a stored photo or document without sending anything.
  registry.on("messages.UploadMedia", async (request: Api.messages.UploadMedia, ctx) => {
    const viewer = requireUser(ctx);
    writableChat(ctx, request.peer);
    return renderMedia(world, await mediaFromInput(world, viewer, request.media));
  });

  // An album: each item its own message, all with one grouped_id; the answer maps every random id to its message.
  registry.on("messages.SendMultiMedia", async (request: Api.messages.SendMultiMedia, ctx) => {
    const viewer = requireUser(ctx);
    const chat = writableChat(ctx, request.peer);
    if (request.multiMedia.length === 0) throw badRequest("MEDIA_EMPTY");
    if (request.multiMedia.length > MAX_ALBUM) throw badRequest("MULTI_MEDIA_TOO_LONG");
    if (request.multiMedia.some((item) => item.message.length > MAX_CAPTION)) throw badRequest("MEDIA_CAPTION_TOO_LONG");
    // Everything is checked before anything is sent: a bad item sends none of the album.
    const media = await Promise.all(request.multiMedia.map((item) => mediaFromInput(world, viewer, item.media)));
    const groupedId = randomPositiveLong();
    const replyTo = replyToIdOf(request.replyTo);
    const updates: Api.TypeUpdate[] = [];
    const sent: StoredMessage[] = [];
    request.multiMedia.forEach((item, i) => {
      const { message, entry } = sendAndPush(ctx, viewer, chat, { text: item.message, entities: present(item.entities), media: media[i], replyTo, groupedId });
      sent.push(message);
      updates.push(new Api.UpdateMessageID({ id: message.id, randomId: item.randomId }));
      updates.push(new Api.UpdateNewMessage({ message: renderMessage(world, message), pts: entry.pts, ptsCount: entry.ptsCount }));
    });
    return updatesEnvelope(world, viewer, updates, sent);
  });

  registry.on("messages.EditMessage", async (request: Api.messages.EditMessage, ctx) => {
    const viewer = requireUser(ctx);
    const chat = resolveInputPeer(world, requireCaller(ctx), request.peer);
    const mailbox = world.account(viewer).mailbox;
    const original = mailbox.messages.get(request.id);
    const peer = peerKeyOf(chat);
    if (!original || original.peer.kind !== peer.kind || original.peer.id !== peer.id || original.action) throw badRequest("MESSAGE_ID_INVALID");
    if (!original.out) throw badRequest("MESSAGE_AUTHOR_REQUIRED");
    const media = request.media ? await mediaFromInput(world, viewer, request.media) : undefined;
    const text = present(request.message);
    const entities = present(request.entities);
    if (text !== undefined && text.length > MAX_TEXT) throw badRequest("MESSAGE_TOO_LONG");
    if (text !== undefined && !text.trim() && !original.media && !media) throw badRequest("MESSAGE_EMPTY");
    const sameText = text === undefined || text === original.text;
    // A new text without entities means plain text; no text at all leaves the old entities unless new ones came.
    const sameEntities = text === undefined && entities === undefined ? true : sameEntityList(entities ?? [], original.entities);
    if (sameText && sameEntities && !media) throw badRequest("MESSAGE_NOT_MODIFIED");

    const change = { text, entities: text !== undefined ? (entities ?? []) : entities, media };
    return world.editMessage(viewer, chat, original, change, { exceptAuthKeyId: ctx.authKeyId })!;
  });

  registry.on("messages.DeleteMessages", (request: Api.messages.DeleteMessages, ctx) => {
    const viewer = requireUser(ctx);
    const mailbox = world.account(viewer).mailbox;
    const doomed = request.id.flatMap((id) => mailbox.messages.get(id) ?? []);
    const entry = mailbox.delete(doomed.map((m) => m.id));
    if (entry) world.push(viewer, deleteUpdate(entry), { exceptAuthKeyId: ctx.authKeyId });
    if (request.revoke) {
      // Each participant loses their copies in one step: one pts move and one update for the whole call, as on Telegram.
      const theirCopies = new Map<bigint, number[]>();
      for (const message of doomed) {
        const chat: ChatRef = message.peer.kind === "chat" ? { chatId: message.peer.id } : { userId: message.peer.id };
        for (const participant of participantsOf(world, viewer, chat)) {
          if (participant === viewer) continue;
          const copy = world.account(participant).mailbox.findByGlobalKey(message.globalKey);
          if (copy) theirCopies.set(participant, [...(theirCopies.get(participant) ?? []), copy.id]);
        }
      }
      for (const [participant, ids] of theirCopies) {
        const theirs = world.account(participant).mailbox.delete(ids);
        if (theirs) world.push(participant, deleteUpdate(theirs));
      }
    }
    return new Api.messages.AffectedMessages({ pts: entry?.pts ?? mailbox.pts, ptsCount: entry?.ptsCount ?? 0 });
  });

  registry.on("messages.GetMessages", (request: Api.messages.GetMessages, ctx) => {
    const viewer = requireUser(ctx);
    const mailbox = world.account(viewer).mailbox;
    const found: StoredMessage[] = [];
    const messages = request.id.map((input) => {
      const id = input instanceof Api.InputMessageID ? input.id : undefined;
      const message = id === undefined ? undefined : mailbox.messages.get(id);
      if (!message) return new Api.MessageEmpty({ id: id ?? 0 });
      found.push(message);
      return renderMessage(world, message);
    });
    return new Api.messages.Messages({ messages, ...entitiesOf(world, viewer, found) });
  });

  registry.on("messages.GetHistory", (request: Api.messages.GetHistory, ctx) => {
    const viewer = requireUser(ctx);
    const chat = resolveInputPeer(world, requireCaller(ctx), request.peer);
    const page = historyPage(world.history(chat, viewer), request);
    const payload = { messages: page.messages.map((m) => renderMessage(world, m)), ...entitiesOf(world, viewer, page.messages) };
    // Telegram sends the plain form when everything fits, a slice with the total otherwise.
    return page.total <= page.messages.length ? new Api.messages.Messages(payload) : new Api.messages.MessagesSlice({ ...payload, count: page.total });
  });
}

/**
 * Telegram's paging over a chat, newest first: start after `offset_id` (or
 * before `offset_date`), move by `add_offset` (negative reaches newer
 * messages), take `limit`, keep ids strictly between `min_id` and `max_id`.
 */
export function historyPage(
  newestFirst: StoredMessage[],
  request: { offsetId: number; offsetDate: number; addOffset: number; limit: number; maxId: number; minId: number },
): { messages: StoredMessage[]; total: number } {
  const inRange = newestFirst.filter((m) => (request.maxId <= 0 || m.id < request.maxId) && (request.minId <= 0 || m.id > request.minId));
  let start = 0;
  if (request.offsetId > 0) start = indexOrEnd(inRange, (m) => m.id < request.offsetId);
  else if (request.offsetDate > 0) start = indexOrEnd(inRange, (m) => m.date < request.offsetDate);
  start = Math.max(0, start + request.addOffset);
  const limit = request.limit <= 0 ? 20 : Math.min(request.limit, MAX_HISTORY_LIMIT);
  return { messages: inRange.slice(start, start + limit), total: newestFirst.length };
}

function indexOrEnd<T>(items: T[], predicate: (item: T) => boolean): number {
  const index = items.findIndex(predicate);
  return index < 0 ? items.length : index;
}

function participantsOf(world: World, viewer: bigint, chat: ChatRef): bigint[] {
  return "chatId" in chat ? world.requireChat(chat.chatId).memberIds : [...new Set([viewer, chat.userId])];
}

function deleteUpdate(entry: UpdateLogEntry): Api.UpdateShort {
  return new Api.UpdateShort({
    update: new Api.UpdateDeleteMessages({ messages: entry.messageIds, pts: entry.pts, ptsCount: entry.ptsCount }),
    date: nowSeconds(),
  });
}

function sameEntityList(a: Api.TypeMessageEntity[], b: Api.TypeMessageEntity[] | undefined): boolean {
  const bytes = (list: Api.TypeMessageEntity[]) => Buffer.concat(list.map((e) => e.getBytes()));
  return bytes(a).equals(bytes(b ?? []));
}

/** What sendMedia answers: the random id's mapping (GramJS needs it to find its message) and the new message. */
function sentUpdates(world: World, viewer: bigint, message: StoredMessage, entry: UpdateLogEntry, randomId: Api.long): Api.Updates {
  return updatesEnvelope(
    world,
    viewer,
    [
      new Api.UpdateMessageID({ id: message.id, randomId }),
      new Api.UpdateNewMessage({ message: renderMessage(world, message), pts: entry.pts, ptsCount: entry.ptsCount }),
    ],
    [message],
  );
}

/** Turns an InputMedia into stored media: fresh uploads become new photos/documents; existing ones are checked by access hash. */
async function mediaFromInput(world: World, viewer: bigint, input: unknown): Promise<MediaRef> {
  if (input instanceof Api.InputMediaUploadedPhoto) {
    const file = world.uploads.assemble(viewer, inputFileRef(input.file));
    checkPhotoName(file.name);
    await decodeImage(file.bytes);
    const photo = await world.addPhoto(file.bytes, "message", { source: { file } });
    return { kind: "photo", photoId: photo.id };
  }
  if (input instanceof Api.InputMediaUploadedDocument) {
    const file = world.uploads.assemble(viewer, inputFileRef(input.file));
    const attributes = [...input.attributes];
    if (!attributes.some((a) => a instanceof Api.DocumentAttributeFilename)) attributes.push(new Api.DocumentAttributeFilename({ fileName: file.name }));
    const doc = world.media.addDocument({ mimeType: input.mimeType, bytes: file.bytes, attributes });
    return { kind: "document", documentId: doc.id };
  }
  if (input instanceof Api.InputMediaPhoto && input.id instanceof Api.InputPhoto) {
    const photo = world.media.photos.get(toBigint(input.id.id));
    if (!photo || photo.accessHash !== toBigint(input.id.accessHash)) throw badRequest("MEDIA_INVALID");
    return { kind: "photo", photoId: photo.id };
  }
  if (input instanceof Api.InputMediaDocument && input.id instanceof Api.InputDocument) {
    const doc = world.media.documents.get(toBigint(input.id.id));
    if (!doc || doc.accessHash !== toBigint(input.id.accessHash)) throw badRequest("MEDIA_INVALID");
    return { kind: "document", documentId: doc.id };
  }
  throw badRequest("MEDIA_INVALID");
}

/** The replied-to message id of a send request (only replies within the same chat are modelled). */
function replyToIdOf(replyTo: Api.TypeInputReplyTo | undefined): number | undefined {
  return replyTo instanceof Api.InputReplyToMessage ? replyTo.replyToMsgId : undefined;
}
