/**
 * How the sandbox shows the world in text: one line per message (id, sender,
 * media kind, replies, edits, service actions) and the overview of users and
 * chats printed at start and by /world.
 */
import { Api } from "telegram";
import type { ChatRef, MediaRef, StoredMessage, World } from "../world";
import { formatBytes } from "../../src/util/bytes";
import { chatName, userName } from "./names";

/** `#12 Alice: [photo 1024×768] A photo`, `#15 You ↩ #12: .setpfp (edited)`, `#16 You: suggested a profile photo`. */
export function describeMessage(world: World, message: StoredMessage): string {
  const head = `#${message.id} ${userName(world, message.fromId)}`;
  const reply = message.replyToId === undefined ? "" : ` ↩ #${message.replyToId}`;
  if (message.action) return `${head}${reply}: ${describeAction(world, message)}`;
  const parts: string[] = [];
  if (message.media) parts.push(`[${describeMedia(world, message.media)}]`);
  if (message.text) parts.push(message.text);
  const edited = message.editDate === undefined ? "" : " (edited)";
  const album = message.groupedId === undefined ? "" : " (album)";
  return `${head}${reply}: ${parts.join(" ") || "(empty)"}${album}${edited}`;
}

function describeAction(world: World, message: StoredMessage): string {
  const action = message.action!;
  switch (action.kind) {
    case "suggestProfilePhoto": {
      const photo = world.media.photos.get(action.photoId);
      const largest = photo?.sizes.at(-1);
      return `suggested a profile photo${largest ? ` (${largest.width}×${largest.height})` : ""}`;
    }
    case "chatCreate":
      return `created the group "${action.title}"`;
  }
}

/** "photo 1024×768", "video 320×240 2 s (video.mp4)", "static sticker 😀", "PNG file picture.png 400×300, 13 KB". */
export function describeMedia(world: World, media: MediaRef): string {
  if (media.kind === "photo") {
    const largest = world.media.photos.get(media.photoId)?.sizes.at(-1);
    return largest ? `photo ${largest.width}×${largest.height}` : "photo (missing)";
  }
  const doc = world.media.documents.get(media.documentId);
  if (!doc) return "file (missing)";
  const attr = <T extends Api.TypeDocumentAttribute>(type: new (...args: never[]) => T) => doc.attributes.find((a): a is T => a instanceof type);
  const name = attr(Api.DocumentAttributeFilename)?.fileName;
  const sticker = attr(Api.DocumentAttributeSticker);
  const emoji = attr(Api.DocumentAttributeCustomEmoji);
  const video = attr(Api.DocumentAttributeVideo);
  const image = attr(Api.DocumentAttributeImageSize);
  const format = doc.mimeType === "application/x-tgsticker" ? "animated" : doc.mimeType === "video/webm" ? "video" : "static";
  if (sticker) return `${format} sticker ${sticker.alt}`;
  if (emoji) return `${format} custom emoji ${emoji.alt}`;
  const named = name ? ` (${name})` : "";
  if (video) {
    const kind = attr(Api.DocumentAttributeAnimated) ? "GIF" : video.roundMessage ? "round video" : "video";
    return `${kind} ${video.w}×${video.h} ${video.duration} s${named}`;
  }
  const extension = name?.includes(".") ? name.split(".").pop()! : (doc.mimeType.split("/")[1] ?? "unknown");
  const type = extension.toUpperCase();
  const dims = image ? ` ${image.w}×${image.h}` : "";
  return `${type} file${name ? ` ${name}` : ""}${dims}, ${formatBytes(doc.bytes.length)}`;
}

/** The users and chats with their ids: what a sandbox user needs to type names. */
export function describeWorld(world: World): string[] {
  const lines = ["Users (the owner is you):"];
  for (const user of world.users.all()) {
    const facts: string[] = [`id ${user.id}`];
    if (user.username) facts.push(`@${user.username}`);
    if (user.phone) facts.push(`+${user.phone}`);
    if (user.id === world.ownerId) facts.push("you");
    else if (user.deleted) facts.push("deleted account");
    else if (user.bot) facts.push("bot");
    else facts.push(world.isContact(world.ownerId, user.id) ? "contact" : "not a contact");
    lines.push(`  ${userName(world, user.id) === "You" ? "Owner" : userName(world, user.id)}: ${facts.join(", ")}`);
  }
  lines.push("Chats:");
  for (const chat of chatsWithHistory(world)) {
    const count = world.history(chat).length;
    const id = "chatId" in chat ? `group id ${chat.chatId}` : `user id ${chat.userId}`;
    lines.push(`  ${chatName(world, chat)}: ${id}, ${count} message${count === 1 ? "" : "s"}`);
  }
  return lines;
}

/** Every group, and every private chat that has messages in the owner's box. */
function chatsWithHistory(world: World): ChatRef[] {
  const privates = new Set<bigint>();
  const box = world.account(world.ownerId).mailbox;
  for (const message of box.messages.values()) if (message.peer.kind === "user") privates.add(message.peer.id);
  return [...[...privates].map((userId) => ({ userId })), ...[...world.chats.keys()].map((chatId) => ({ chatId }))];
}
