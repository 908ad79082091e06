/**
 * The local data center's world: the people, chats, messages, media, uploads
 * and login state that API methods read and change, and the seeding and
 * inspection API tests use. Everything is in memory; one World per test.
 *
 * Ids are `bigint` throughout; ./tl converts at the GramJS edge.
 */
import { Api } from "telegram";
import { MediaLibrary, type PhotoKind, type PhotoRecord, type PhotoSource, type VideoSizeRecord } from "./media";
import {
  AccountState,
  type ChatRecord,
  type MediaRef,
  type MessageContent,
  type PeerKey,
  type ServiceAction,
  type StoredMessage,
  type UpdateLogEntry,
} from "./messages";
import { LoginCodes, LoginTokens } from "./login";
import { SlidingWindowLimiter, type RateLimitSpec } from "./rateLimit";
import { renderMessage, renderUser, updatesEnvelope } from "./render";
import { createChallenge, createPasswordRecord, type PasswordRecord, type SrpChallenge } from "./srp";
import { StickerSets } from "./stickers";
import { long, nowSeconds } from "./tl";
import { UploadStore, type UploadedFile } from "./uploads";
import { UserDirectory, type NewUser, type UserRecord } from "./users";
import { seedWorld, type SeededIds } from "./seed";
import { SessionPeers } from "./sessionPeers";

/** A chat as the owner (or another viewer) names it: the other user of a private chat, or a basic group. */
export type ChatRef = { readonly userId: bigint } | { readonly chatId: bigint };

export interface SendSpec {
  text?: string;
  entities?: Api.TypeMessageEntity[];
  media?: MediaRef;
  date?: number;
  /**
   * How the push looks: "full" (default) is Api.Updates with UpdateNewMessage
   * and the users/chats; "short" is UpdateShortMessage / UpdateShortChatMessage
   * (Telegram's form for plain text; only for messages without media).
   */
  delivery?: "full" | "short";
  /** The id, in the sender's box, of the message this one replies to. */
  replyTo?: number;
  /** Shared by the messages of one album. */
  groupedId?: bigint;
}

export interface PushOptions {
  /** Leave out the session that made the change (Telegram answers it directly instead). */
  readonly exceptAuthKeyId?: bigint;
}

/** The contract's UpdateSink, plus an optional hint the protocol half may honour. */
export interface WorldUpdateSink {
  push(userId: bigint, updates: Api.TypeUpdates, opts?: PushOptions): void;
}

export interface DcAddress {
  readonly dcId: number;
  readonly host: string;
  readonly port: number;
}

/** One photos.uploadContactProfilePhoto call as the world saw it (accepted or refused). */
export interface ContactPhotoCall {
  readonly callerId: bigint;
  /** Filled in as the call is understood. */
  userId?: bigint;
  readonly save: boolean;
  readonly suggest: boolean;
  file?: UploadedFile;
  video?: UploadedFile;
  readonly videoStartTs?: number;
  readonly emojiMarkup?: Api.TypeVideoSize;
  readonly at: Date;
  /** The rpc error, when refused. */
  error?: string;
  /** The photo made, when accepted with media. */
  photoId?: bigint;
}

export interface SuggestedPhoto {
  readonly messageId: number;
  readonly photo: PhotoRecord;
}

/** What a viewer (the owner by default) sees of one user's photos. */
export interface PhotoState {
  readonly personal?: PhotoRecord;
  readonly suggested: SuggestedPhoto[];
  readonly own?: PhotoRecord;
  readonly fallback?: PhotoRecord;
}

export type SeededWorld = World & { readonly ids: SeededIds };

export class World {
  readonly users = new UserDirectory();
  readonly media = new MediaLibrary();
  readonly uploads = new UploadStore();
  readonly stickerSets = new StickerSets();
  readonly loginCodes = new LoginCodes();
  /** QR login tokens (auth.exportLoginToken / acceptLoginToken / importLoginToken). */
  readonly loginTokens = new LoginTokens();
  /** Which users each auth key has been sent (Telegram's access-hash rule; see ./sessionPeers). */
  readonly sessionPeers = new SessionPeers();
  readonly chats = new Map<bigint, ChatRecord>();
  /** Every push, in order, whether or not a session was there to get it. */
  readonly pushed: { readonly userId: bigint; readonly updates: Api.TypeUpdates }[] = [];
  readonly contactPhotoCalls: ContactPhotoCall[] = [];
  readonly owner: UserRecord;
  /** The world's own DC (where accounts live and uploads land). */
  dc: DcAddress = { dcId: 2, host: "127.0.0.1", port: 443 };
  /** Every DC serving this world, by id, for help.getConfig. */
  readonly dcs = new Map<number, DcAddress>();
  /** auth.exportAuthorization tokens not yet imported, by their bytes (hex). */
  readonly exportedAuthorizations = new Map<string, { userId: bigint; dcId: number }>();

  private readonly accounts = new Map<bigint, AccountState>();
  private readonly passwords = new Map<bigint, PasswordRecord>();
  private readonly srpChallenges = new Map<bigint, SrpChallenge>();
  private sink: WorldUpdateSink | undefined;
  private avatarLimiter: SlidingWindowLimiter | undefined;
  private nextChatId = 400_000_001n;
  private nextGlobalKey = 1;

  constructor(owner: Partial<NewUser> = {}) {
    this.owner = this.users.add({ firstName: "Owner", username: "owner", phone: "14155550100", ...owner });
  }

  /** The standard world every test starts from; see ./seed for what is in it. */
  static async seeded(): Promise<SeededWorld> {
    return seedWorld(new World());
  }

  get ownerId(): bigint {
    return this.owner.id;
  }

  // ---- wiring ------------------------------------------------------------

  /** Called by registerMethods; pushes before that are recorded but go nowhere. */
  attachSink(sink: WorldUpdateSink): void {
    this.sink = sink;
  }

  /**
   * A server tells the world where it listens, for help.getConfig. The first
   * is the world's own DC; servers with other ids are further DCs (media
   * kept elsewhere). A server restarting under the same id replaces its entry.
   */
  setDc(dc: DcAddress): void {
    if (this.dcs.size === 0 || dc.dcId === this.dc.dcId) this.dc = dc;
    this.dcs.set(dc.dcId, dc);
  }

  /** Whether `dcId` is the world's own DC (a further DC only serves media and imported authorizations). */
  isHomeDc(dcId: number): boolean {
    return dcId === this.dc.dcId;
  }

  // ---- people and contacts -------------------------------------------------

  account(userId: bigint): AccountState {
    let account = this.accounts.get(userId);
    if (!account) {
      account = new AccountState(userId);
      this.accounts.set(userId, account);
    }
    return account;
  }

  addUser(spec: NewUser & { contact?: boolean; mutualContact?: boolean }): UserRecord {
    const { contact, mutualContact, ...record } = spec;
    const user = this.users.add(record);
    if (contact || mutualContact) this.makeContact(user.id, { mutual: mutualContact });
    return user;
  }

  /** `userId` becomes a contact of `of` (the owner by default); `mutual` adds the reverse too. */
  makeContact(userId: bigint, opts: { of?: bigint; mutual?: boolean } = {}): void {
    const of = opts.of ?? this.ownerId;
    this.account(of).contacts.add(userId);
    if (opts.mutual) this.account(userId).contacts.add(of);
  }

  removeContact(userId: bigint, of: bigint = this.ownerId): void {
    this.account(of).contacts.delete(userId);
  }

  isContact(of: bigint, userId: bigint): boolean {
    return this.accounts.get(of)?.contacts.has(userId) ?? false;
  }

  // ---- chats and messages --------------------------------------------------

  addGroup(spec: { title: string; memberIds: bigint[]; creatorId?: bigint; date?: number }): ChatRecord {
    const creatorId = spec.creatorId ?? this.ownerId;
    const chat: ChatRecord = {
      id: this.nextChatId++,
      title: spec.title,
      creatorId,
      memberIds: [...new Set([creatorId, ...spec.memberIds])],
      date: spec.date ?? nowSeconds(),
    };
    this.chats.set(chat.id, chat);
    this.deliver(creatorId, { chatId: chat.id }, { action: { kind: "chatCreate", title: chat.title, userIds: chat.memberIds } });
    return chat;
  }

  /** History seeding: `from` says something in `chat` (named from `from`'s side). Pushes nothing. Returns the owner's copy when the owner is in the chat. */
  addMessage(from: bigint, chat: ChatRef, spec: SendSpec & { action?: ServiceAction }): StoredMessage {
    return this.pick(this.deliver(from, chat, spec));
  }

  /** The owner sends from another device (how commands reach the userbot): stored and pushed to the owner's sessions. */
  ownerSends(chat: ChatRef, spec: SendSpec): StoredMessage {
    const copies = this.deliver(this.ownerId, chat, spec);
    this.pushNewMessages(copies, spec.delivery ?? "full");
    return this.pick(copies);
  }

  /**
   * Edits a message in every participant's box and pushes UpdateEditMessage
   * to each (the editing session left out, as Telegram answers it directly).
   * Returns the editor's own updates.
   */
  editMessage(
    editor: bigint,
    chat: ChatRef,
    original: StoredMessage,
    change: { text?: string; entities?: Api.TypeMessageEntity[]; media?: MediaRef },
    opts: PushOptions = {},
  ): Api.TypeUpdates | undefined {
    const participants = "chatId" in chat ? this.requireChat(chat.chatId).memberIds : [...new Set([editor, chat.userId])];
    const date = nowSeconds();
    let result: Api.TypeUpdates | undefined;
    for (const participant of participants) {
      const box = this.account(participant).mailbox;
      const copy = participant === editor ? original : box.findByGlobalKey(original.globalKey);
      if (!copy) continue;
      const { message, entry } = box.edit(copy.id, change, date);
      const updates = updatesEnvelope(
        this,
        participant,
        [new Api.UpdateEditMessage({ message: renderMessage(this, message), pts: entry.pts, ptsCount: entry.ptsCount })],
        [message],
      );
      if (participant === editor) result = updates;
      this.push(participant, updates, participant === editor ? opts : {});
    }
    return result;
  }

  /** The owner edits one of their messages from another device. */
  ownerEdits(chat: ChatRef, messageId: number, text: string): void {
    const original = this.account(this.ownerId).mailbox.messages.get(messageId);
    if (!original) throw new Error(`ownerEdits: no message ${messageId} in the owner's box`);
    this.editMessage(this.ownerId, chat, original, { text, entities: [] });
  }

  /** Another user writes to the owner (private chat by default, or a group they are in); pushed to everyone in it. */
  userSends(from: bigint, spec: SendSpec & { chatId?: bigint }): StoredMessage {
    const chat: ChatRef = spec.chatId !== undefined ? { chatId: spec.chatId } : { userId: this.ownerId };
    const copies = this.deliver(from, chat, spec);
    this.pushNewMessages(copies, spec.delivery ?? "full");
    return this.pick(copies);
  }

  /** A chat's messages as `viewer` (the owner by default) sees them, newest first. */
  history(chat: ChatRef, viewer: bigint = this.ownerId): StoredMessage[] {
    return this.account(viewer).mailbox.history(peerKeyOf(chat));
  }

  message(id: number, viewer: bigint = this.ownerId): StoredMessage | undefined {
    return this.account(viewer).mailbox.messages.get(id);
  }

  /**
   * Writes one message into the box of everyone in the conversation (each box
   * numbers it with its own id and moves its own pts). `chat` is named from
   * the sender's side. Returns each participant's copy.
   */
  deliver(from: bigint, chat: ChatRef, spec: SendSpec & { action?: ServiceAction }): Map<bigint, { message: StoredMessage; entry: UpdateLogEntry }> {
    const participants = "chatId" in chat ? this.requireChat(chat.chatId).memberIds : [...new Set([from, chat.userId])];
    const copies = new Map<bigint, { message: StoredMessage; entry: UpdateLogEntry }>();
    const date = spec.date ?? nowSeconds();
    const globalKey = this.nextGlobalKey++;
    // Each box numbers messages itself, so a reply points at each participant's own copy.
    const repliedKey = spec.replyTo === undefined ? undefined : this.account(from).mailbox.messages.get(spec.replyTo)?.globalKey;
    for (const participant of participants) {
      const replyToId =
        repliedKey === undefined ? undefined : [...this.account(participant).mailbox.messages.values()].find((m) => m.globalKey === repliedKey)?.id;
      const peer: PeerKey = "chatId" in chat ? { kind: "chat", id: chat.chatId } : { kind: "user", id: participant === from ? chat.userId : from };
      const content: MessageContent = {
        globalKey,
        peer,
        fromId: from,
        out: participant === from,
        date,
        text: spec.text ?? "",
        entities: spec.entities,
        media: spec.media,
        action: spec.action,
        replyToId,
        groupedId: spec.groupedId,
      };
      copies.set(participant, this.account(participant).mailbox.add(content));
    }
    return copies;
  }

  /**
   * Pushes each participant's UpdateNewMessage (or the short form). `sender`
   * names the session that made the change through the API: its own account
   * gets the push with that session left out.
   */
  pushNewMessages(
    copies: Map<bigint, { message: StoredMessage; entry: UpdateLogEntry }>,
    delivery: "full" | "short",
    sender?: { userId: bigint; authKeyId: bigint },
  ): void {
    for (const [userId, { message, entry }] of copies) {
      const short = delivery === "short" ? shortUpdate(message, entry) : undefined;
      const updates =
        short ??
        updatesEnvelope(
          this,
          userId,
          [new Api.UpdateNewMessage({ message: renderMessage(this, message), pts: entry.pts, ptsCount: entry.ptsCount })],
          [message],
        );
      this.push(userId, updates, sender?.userId === userId ? { exceptAuthKeyId: sender.authKeyId } : {});
    }
  }

  push(userId: bigint, updates: Api.TypeUpdates, opts: PushOptions = {}): void {
    this.pushed.push({ userId, updates });
    this.sink?.push(userId, updates, opts);
  }

  requireChat(chatId: bigint): ChatRecord {
    const chat = this.chats.get(chatId);
    if (!chat) throw new Error(`no chat ${chatId} in the world`);
    return chat;
  }

  private pick(copies: Map<bigint, { message: StoredMessage }>): StoredMessage {
    const copy = copies.get(this.ownerId) ?? copies.values().next().value;
    if (!copy) throw new Error("a message with no participants");
    return copy.message;
  }

  // ---- photos --------------------------------------------------------------

  async addPhoto(
    image: Buffer,
    kind: PhotoKind,
    extra: { videoSizes?: VideoSizeRecord[]; emojiMarkup?: Api.TypeVideoSize; source?: PhotoSource } = {},
  ): Promise<PhotoRecord> {
    return this.media.addPhotoFromImage(image, kind, extra);
  }

  /** The user sets their own profile photo (what everyone sees unless they set a personal one). */
  async setOwnPhoto(userId: bigint, image: Buffer): Promise<PhotoRecord> {
    const photo = await this.addPhoto(image, "profile");
    this.makeOwnPhoto(userId, photo);
    return photo;
  }

  /** `photo` becomes the user's current own photo; the earlier ones stay in their list, as on Telegram. */
  makeOwnPhoto(userId: bigint, photo: PhotoRecord): void {
    const user = this.users.require(userId);
    user.profilePhotoId = photo.id;
    user.ownPhotoIds = [photo.id, ...(user.ownPhotoIds ?? []).filter((id) => id !== photo.id)];
  }

  /** The user's own photos, newest first, as photos.getUserPhotos lists them (not personal or fallback photos). */
  ownPhotos(userId: bigint): PhotoRecord[] {
    const user = this.users.require(userId);
    const ids = user.ownPhotoIds ?? (user.profilePhotoId === undefined ? [] : [user.profilePhotoId]);
    return ids.flatMap((id) => this.media.photos.get(id) ?? []);
  }

  async setFallbackPhoto(userId: bigint, image: Buffer): Promise<PhotoRecord> {
    const photo = await this.addPhoto(image, "profile");
    this.users.require(userId).fallbackPhotoId = photo.id;
    return photo;
  }

  /** `viewer` sees `photoId` as `userId`'s photo (undefined removes it). */
  setPersonalPhoto(viewer: bigint, userId: bigint, photoId: bigint | undefined): void {
    const personal = this.account(viewer).personalPhotos;
    if (photoId === undefined) personal.delete(userId);
    else personal.set(userId, photoId);
  }

  photoState(userId: bigint, viewer: bigint = this.ownerId): PhotoState {
    const user = this.users.require(userId);
    const photo = (id: bigint | undefined) => (id === undefined ? undefined : this.media.photos.get(id));
    const suggested: SuggestedPhoto[] = [];
    for (const message of this.history({ userId }, viewer)) {
      const action = message.action;
      const suggestion = action?.kind === "suggestProfilePhoto" ? photo(action.photoId) : undefined;
      if (suggestion) suggested.push({ messageId: message.id, photo: suggestion });
    }
    return {
      personal: photo(this.account(viewer).personalPhotos.get(userId)),
      suggested: suggested.reverse(),
      own: photo(user.profilePhotoId),
      fallback: photo(user.fallbackPhotoId),
    };
  }

  /** Off by default; `undefined` turns it off again. Counts accepted avatar changes per account. */
  setAvatarRateLimit(spec: RateLimitSpec | undefined): void {
    this.avatarLimiter = spec ? new SlidingWindowLimiter(spec) : undefined;
  }

  get avatarRateLimit(): SlidingWindowLimiter | undefined {
    return this.avatarLimiter;
  }

  // ---- login ---------------------------------------------------------------

  lastLoginCode(phone: string): string | undefined {
    return this.loginCodes.last(phone);
  }

  /** Costs one 100000-iteration PBKDF2 (about 100 ms). */
  setPassword(userId: bigint, password: string, hint?: string): void {
    this.passwords.set(userId, createPasswordRecord(password, hint));
  }

  passwordOf(userId: bigint): PasswordRecord | undefined {
    return this.passwords.get(userId);
  }

  /** A new SRP challenge for the user (account.getPassword); the last one is what auth.checkPassword verifies. */
  newSrpChallenge(userId: bigint): SrpChallenge | undefined {
    const record = this.passwords.get(userId);
    if (!record) return undefined;
    const challenge = createChallenge(record);
    this.srpChallenges.set(userId, challenge);
    return challenge;
  }

  srpChallengeOf(userId: bigint): SrpChallenge | undefined {
    return this.srpChallenges.get(userId);
  }

  /** The user as `viewer` sees them, as an Api.User. */
  apiUser(userId: bigint, viewer: bigint = this.ownerId): Api.User {
    return renderUser(this, viewer, this.users.require(userId));
  }
}

export function peerKeyOf(chat: ChatRef): PeerKey {
  return "chatId" in chat ? { kind: "chat", id: chat.chatId } : { kind: "user", id: chat.userId };
}

/** Telegram's short forms exist only for plain messages (no media, no service action). */
function shortUpdate(message: StoredMessage, entry: UpdateLogEntry): Api.TypeUpdates | undefined {
  if (message.media || message.action) return undefined;
  const common = {
    out: message.out,
    id: message.id,
    message: message.text,
    pts: entry.pts,
    ptsCount: entry.ptsCount,
    date: message.date,
    entities: message.entities,
  };
  if (message.peer.kind === "user") return new Api.UpdateShortMessage({ ...common, userId: long(message.peer.id) });
  return new Api.UpdateShortChatMessage({ ...common, fromId: long(message.fromId), chatId: long(message.peer.id) });
}

export type { ChatRecord, MediaRef, PeerKey, StoredMessage } from "./messages";
export type { PhotoRecord, DocumentRecord } from "./media";
export type { UserRecord } from "./users";
export type { UploadedFile } from "./uploads";
export type { SeededIds } from "./seed";
