import type {
  CallOptions,
  ChatRef,
  ContactPhotoInput,
  DownloadOptions,
  FullUser,
  Message,
  Photo,
  StickerSet,
  StickerSetRef,
  TransferOptions,
  UploadedFile,
  User,
  UserQuery,
  UserRef,
} from "./model";
import type { RawRequest, RawResponse } from "./raw";

export type * from "./model";
export type { RawRequest, RawResponse } from "./raw";

/** Users and the owner's contacts. Access hashes stay inside src/telegram. */
export interface UsersApi {
  /** By id (known users and contacts), @username / username, or phone number. Throws UserNotFoundError. */
  resolve(query: UserQuery, opts?: CallOptions): Promise<User>;
  /** Full profile of a user: about, personal / own / fallback photo. */
  full(user: UserRef, opts?: CallOptions): Promise<FullUser>;
  /** A user's own profile photos, newest first (photos.getUserPhotos). */
  photos(user: UserRef, opts?: CallOptions & { limit?: number; offset?: number }): Promise<Photo[]>;
}

export interface ContactsApi {
  /** The owner's contacts, with the names the owner saved; each can be passed to any method taking a UserRef. */
  list(opts?: CallOptions): Promise<User[]>;
}

export interface SendFileOptions extends TransferOptions {
  bytes: Buffer;
  /** The file name (its extension tells Telegram what it is). */
  name: string;
  caption?: string;
  replyTo?: number;
  /** Send as a file rather than as a photo / video. */
  asDocument?: boolean;
  /**
   * For an MP4: send it as a streamable video with these dimensions (Telegram
   * cannot probe a file it is given as bytes, and shows a 1×1, 0 s video without them).
   */
  video?: { width: number; height: number; durationSec: number };
}

/** One picture of an album (messages.sendAlbum). */
export interface AlbumItem {
  bytes: Buffer;
  /** The file name (its extension tells Telegram what it is: .jpg for a photo). */
  name: string;
  caption?: string;
}

export interface MessagesApi {
  send(chat: ChatRef, text: string, opts?: CallOptions & { replyTo?: number }): Promise<Message>;
  edit(chat: ChatRef, id: number, text: string, opts?: CallOptions): Promise<Message>;
  /** Deletes for everyone where Telegram allows it. */
  delete(chat: ChatRef, ids: number[], opts?: CallOptions): Promise<void>;
  /** The messages with these ids, undefined where there is none (deleted, never existed). */
  get(chat: ChatRef, ids: number[], opts?: CallOptions): Promise<(Message | undefined)[]>;
  /** The message `message` replies to, if any (and if it still exists). */
  replied(message: Message, opts?: CallOptions): Promise<Message | undefined>;
  sendFile(chat: ChatRef, opts: SendFileOptions): Promise<Message>;
  /** Sends 1 to 10 photos as one album (one grouped message each), captioned each; returns the messages in order. */
  sendAlbum(chat: ChatRef, items: AlbumItem[], opts?: TransferOptions & { replyTo?: number }): Promise<Message[]>;
  /** The chat's latest messages, newest first (service messages included): `limit` of them, older than `offsetId` if given. */
  history(chat: ChatRef, opts?: CallOptions & { limit?: number; offsetId?: number }): Promise<Message[]>;
}

export interface MediaApi {
  /** A message's media (largest photo size; documents as they are) or a photo, into memory. */
  download(from: Message | Photo, opts?: DownloadOptions): Promise<Buffer>;
  /** The same, streamed into a new file (mode 0600, must not exist), for media other programs read. Returns the bytes written. */
  downloadToFile(from: Message | Photo, file: string, opts?: DownloadOptions): Promise<number>;
  /** Uploads bytes; the handle goes to one call (contact photos, sendFile). */
  upload(bytes: Buffer, name: string, opts?: TransferOptions): Promise<UploadedFile>;
}

/** Personal and suggested contact photos (photos.uploadContactProfilePhoto; see shared docs for the flags). */
export interface ContactPhotosApi {
  /** A personal photo for a contact, only the owner sees it. Returns the new photo. */
  set(user: UserRef, input: ContactPhotoInput, opts?: CallOptions): Promise<Photo | undefined>;
  /** Suggests a photo to the user (a service message in the private chat). */
  suggest(user: UserRef, input: ContactPhotoInput, opts?: CallOptions): Promise<Photo | undefined>;
  /** Removes the personal photo. */
  reset(user: UserRef, opts?: CallOptions): Promise<void>;
}

export interface StickersApi {
  /** A sticker set, or Telegram's animated-emoji set (the big emoji its apps show). */
  getSet(set: StickerSetRef | "animated-emoji", opts?: CallOptions): Promise<StickerSet>;
}

/**
 * What plugins (and the commands) may do with Telegram. No session, no raw
 * client. Every call has a timeout, takes an AbortSignal and maps failures to
 * typed errors (FloodWaitError, TelegramApiError, RequestTimeoutError,
 * UserNotFoundError).
 */
export interface Telegram {
  /** The logged-in account. */
  self(): User;
  readonly users: UsersApi;
  readonly contacts: ContactsApi;
  readonly messages: MessagesApi;
  readonly media: MediaApi;
  readonly contactPhotos: ContactPhotosApi;
  readonly stickers: StickersApi;
  /** A cheap round trip (updates.getState): for .ping and session checks. */
  ping(opts?: CallOptions): Promise<void>;
  /**
   * Any API method, for what the methods above lack: build the request with
   * `Api` from src/telegram/raw. Every raw call goes through this one
   * function, so a per-plugin policy can wrap it.
   */
  invoke<R extends RawRequest>(request: R, opts?: CallOptions): Promise<RawResponse<R>>;
}

/** What the host and main get on top: events, the connection, the session. */
export interface HostTelegram extends Telegram {
  /** Calls `handler` for every new message (incoming and outgoing). Returns an unsubscribe function. */
  onNewMessage(handler: (message: Message) => void): () => void;
  /**
   * Runs `run` so that every request it makes (however deep, through any
   * plugin's view) takes `signal`: stopping a command cancels its calls.
   */
  withSignal<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T>;
  /** The object handed to plugins: only the Telegram interface, nothing that reaches the session or the client. */
  forPlugins(): Telegram;
  close(): Promise<void>;
}
