/**
 * One account's message box, as Telegram keeps it: private chats and basic
 * groups share one per-account message id counter, and every change moves the
 * account's pts so updates.getDifference can replay it.
 */
import type { Api } from "telegram";

/** Whom a message is with, from the box owner's side: the other user, or the group. */
export type PeerKey = { readonly kind: "user"; readonly id: bigint } | { readonly kind: "chat"; readonly id: bigint };

export type MediaRef = { readonly kind: "photo"; readonly photoId: bigint } | { readonly kind: "document"; readonly documentId: bigint };

/** Service message actions the world knows how to render. */
export type ServiceAction =
  { readonly kind: "suggestProfilePhoto"; readonly photoId: bigint } | { readonly kind: "chatCreate"; readonly title: string; readonly userIds: bigint[] };

export interface StoredMessage {
  readonly id: number;
  /** Shared by every account's copy of one message, so edits and deletions reach all copies. */
  readonly globalKey: number;
  readonly peer: PeerKey;
  readonly fromId: bigint;
  readonly out: boolean;
  readonly date: number;
  text: string;
  entities?: Api.TypeMessageEntity[];
  media?: MediaRef;
  /** Set for service messages. */
  readonly action?: ServiceAction;
  /** The id (in this same box) of the message this one replies to. */
  readonly replyToId?: number;
  /** Messages sent as one album share it (messages.sendMultiMedia). */
  readonly groupedId?: bigint;
  editDate?: number;
}

export type MessageContent = Omit<StoredMessage, "id" | "editDate">;

export interface UpdateLogEntry {
  readonly pts: number;
  readonly ptsCount: number;
  readonly kind: "new" | "edit" | "delete";
  readonly messageIds: number[];
}

export function samePeer(a: PeerKey, b: PeerKey): boolean {
  return a.kind === b.kind && a.id === b.id;
}

export class Mailbox {
  readonly messages = new Map<number, StoredMessage>();
  readonly log: UpdateLogEntry[] = [];
  private lastMessageId = 0;
  private currentPts = 0;

  get pts(): number {
    return this.currentPts;
  }

  add(content: MessageContent): { message: StoredMessage; entry: UpdateLogEntry } {
    const message: StoredMessage = { ...content, id: ++this.lastMessageId };
    this.messages.set(message.id, message);
    return { message, entry: this.record("new", [message.id]) };
  }

  edit(
    id: number,
    change: { text?: string; entities?: Api.TypeMessageEntity[]; media?: MediaRef },
    date: number,
  ): { message: StoredMessage; entry: UpdateLogEntry } {
    const message = this.messages.get(id);
    if (!message) throw new Error(`no message ${id}`);
    if (change.text !== undefined) message.text = change.text;
    if (change.entities !== undefined) message.entities = change.entities;
    if (change.media !== undefined) message.media = change.media;
    message.editDate = date;
    return { message, entry: this.record("edit", [id]) };
  }

  /** Deletes the ids that exist; returns the log entry, or undefined when none did. */
  delete(ids: number[]): UpdateLogEntry | undefined {
    const gone = ids.filter((id) => this.messages.delete(id));
    return gone.length > 0 ? this.record("delete", gone, gone.length) : undefined;
  }

  /** The chat's messages, newest first, as getHistory walks them. */
  history(peer: PeerKey): StoredMessage[] {
    return [...this.messages.values()].filter((m) => samePeer(m.peer, peer)).sort((a, b) => b.id - a.id);
  }

  findByGlobalKey(globalKey: number): StoredMessage | undefined {
    for (const message of this.messages.values()) if (message.globalKey === globalKey) return message;
    return undefined;
  }

  since(pts: number): UpdateLogEntry[] {
    return this.log.filter((e) => e.pts > pts);
  }

  private record(kind: UpdateLogEntry["kind"], messageIds: number[], ptsCount = 1): UpdateLogEntry {
    this.currentPts += ptsCount;
    const entry: UpdateLogEntry = { pts: this.currentPts, ptsCount, kind, messageIds };
    this.log.push(entry);
    return entry;
  }
}

/** A basic group ("chat" in the API). */
export interface ChatRecord {
  readonly id: bigint;
  title: string;
  readonly creatorId: bigint;
  readonly memberIds: bigint[];
  readonly date: number;
}

/** What one account owns: its message box, its contacts, the personal photos it set for others. */
export class AccountState {
  readonly mailbox = new Mailbox();
  readonly contacts = new Set<bigint>();
  /** Contact's user id → the photo id only this account sees for them. */
  readonly personalPhotos = new Map<bigint, bigint>();
  constructor(readonly userId: bigint) {}
}
