/**
 * The project's own picture of Telegram's objects: small, plain, and free of
 * GramJS types, so that plugins and the host never depend on the client
 * library. Ids of users, chats, photos and documents are `bigint` (Telegram's
 * are 64-bit); message ids are `number` (32-bit in the API).
 *
 * Objects that name something on Telegram's side (a message's media, a photo,
 * an uploaded file) are references: src/telegram keeps what it needs to use
 * them again (file references, access hashes) out of sight, keyed by the
 * object. Pass them back as they came; copies lose that link, and then the
 * service looks the thing up again where it can.
 */

/** Per-call options every method takes. */
export interface CallOptions {
  /** Cancels the call: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Upper bound for this call (defaults: requestTimeoutMs, or transferTimeoutMs for transfers). */
  timeoutMs?: number;
}

export type ProgressCallback = (done: number, total: number) => void;

/** Options of downloads and uploads. */
export interface TransferOptions extends CallOptions {
  progress?: ProgressCallback;
}

export interface DownloadOptions extends TransferOptions {
  /** Refuse (UserError) media over this size: checked before a byte is fetched when Telegram states the size. */
  maxBytes?: number;
}

/** A chat: a private chat with a user, a basic group, or a channel/supergroup. */
export interface Peer {
  kind: "user" | "group" | "channel";
  id: bigint;
}

/** Where a message goes: a chat, or "me" (Saved Messages). */
export type ChatRef = Peer | "me";

/** A user as a method argument: the id, or a User got from this service. */
export type UserRef = bigint | { readonly id: bigint };

export interface User {
  id: bigint;
  firstName: string;
  lastName: string;
  username?: string;
  /** Digits without "+", when the owner may see it. */
  phone?: string;
  /** The logged-in account itself. */
  self: boolean;
  bot: boolean;
  deleted: boolean;
  /** In the owner's contacts. */
  contact: boolean;
  mutualContact: boolean;
  /** False when Telegram gave no access hash (a "min" user): calls about them will fail until they are seen properly. */
  reachable: boolean;
  /** The photo the owner sees for them, if any; `personal` when it is the owner's personal photo for them. */
  photo?: { id: bigint; personal: boolean };
}

/** How to find a user. */
export type UserQuery = { id: bigint } | { username: string } | { phone: string };

/** A profile photo (a contact's own, personal, fallback, or a suggestion's). */
export interface Photo {
  id: bigint;
  /** Unix seconds. */
  date: number;
  /** The largest size's dimensions and bytes, when Telegram told them. */
  width?: number;
  height?: number;
  size?: number;
  /** Has a video version (an animated avatar). */
  animated: boolean;
}

export interface FullUser {
  user: User;
  about?: string;
  /** The personal photo the owner set (only the owner sees it). */
  personalPhoto?: Photo;
  /** Their own photo. */
  profilePhoto?: Photo;
  /** Their public fallback photo, shown to those their privacy settings hide the main one from. */
  fallbackPhoto?: Photo;
}

/** A sticker set, as Telegram addresses it. */
export type StickerSetRef = { id: bigint; accessHash: bigint } | { shortName: string };

interface MediaBase {
  mime: string;
  /** Bytes, when Telegram told them. */
  size?: number;
}

export interface PhotoMedia extends MediaBase {
  kind: "photo";
  id: bigint;
  width?: number;
  height?: number;
}

/** A video file, a GIF (MPEG4 animation, or an image/gif document) or a round video message. */
export interface VideoMedia extends MediaBase {
  kind: "video" | "gif" | "round";
  id: bigint;
  width?: number;
  height?: number;
  /** Seconds. */
  duration?: number;
  fileName?: string;
}

export interface StickerMedia extends MediaBase {
  kind: "sticker";
  /** The sticker's document id (what sticker markup names). */
  id: bigint;
  format: "static" | "animated" | "video";
  /** The emoji it stands for. */
  emoji: string;
  /** Its set; undefined for a sticker that belongs to none (a .webp sent as a sticker). */
  set?: StickerSetRef;
  width?: number;
  height?: number;
}

/** Any other file. */
export interface DocumentMedia extends MediaBase {
  kind: "document";
  id: bigint;
  fileName?: string;
  width?: number;
  height?: number;
}

/** A web page preview, a poll, a location…: nothing to download. */
export interface OtherMedia {
  kind: "other";
}

export type Media = PhotoMedia | VideoMedia | StickerMedia | DocumentMedia | OtherMedia;

/** A custom emoji in a message's text (offsets in UTF-16 units, as JavaScript strings count). */
export interface CustomEmoji {
  offset: number;
  length: number;
  documentId: bigint;
}

export interface Message {
  id: number;
  chat: Peer;
  /** The chat as one number, Bot API style: users positive, groups -id, channels -100… */
  chatId: bigint;
  /** Who sent it, as Telegram stated; undefined when it did not (private chats may omit it). */
  from?: Peer;
  /** Sent by the logged-in account. */
  out: boolean;
  /** Unix seconds. */
  date: number;
  text: string;
  replyToId?: number;
  /** Album id: messages of one album share it. */
  groupedId?: bigint;
  forwarded: boolean;
  viaBot: boolean;
  /** A channel post. */
  post: boolean;
  /** A service message (someone joined, a photo was suggested…), not typed by anyone. */
  service: boolean;
  /** For a suggestion's service message: the suggested photo. */
  suggestedPhoto?: Photo;
  customEmoji: CustomEmoji[];
  media?: Media;
}

/** A file uploaded to Telegram, to pass to one call (contact photos, sendFile). Opaque. */
export interface UploadedFile {
  readonly name: string;
  readonly size: number;
}

/** Background colours of sticker and emoji avatars: 1 to 4 RGB-24 integers. */
export type Colours = number[];

/** What becomes a contact's photo: exactly one of these. */
export type ContactPhotoInput =
  | { photo: UploadedFile }
  | { video: UploadedFile; videoStartTs?: number }
  | { sticker: { set: StickerSetRef; stickerId: bigint; backgroundColors: Colours }; videoStartTs?: number }
  | { customEmoji: { emojiId: bigint; backgroundColors: Colours }; videoStartTs?: number };

export interface StickerSet {
  ref: { id: bigint; accessHash: bigint };
  title: string;
  shortName: string;
  /** Each sticker's document id and the emoji it is drawn for. */
  stickers: { id: bigint; emoji: string }[];
  /** For each emoji, the stickers that stand for it (a sticker may stand for several). */
  packs: { emoji: string; stickerIds: bigint[] }[];
}
