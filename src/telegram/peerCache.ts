import { Api } from "telegram";
import { UserNotFoundError } from "../core/errors";
import { bigInteger, toPeerInput } from "./mapping";
import type { CallOptions, ChatRef, UserRef } from "./model";

/** How many recent chats a look-up by id reads (Telegram's largest page). */
const RECENT_DIALOGS = 100;

type Call = <R extends Api.AnyRequest>(request: R, opts?: CallOptions) => Promise<R["__response"]>;

/**
 * The access hashes this session has been given, by user id. A StringSession
 * stores none, so after a start only users Telegram has shown us again can be
 * reached by id: for an id not seen yet, contacts come back from
 * contacts.getContacts, and the people of recent chats (contacts or not)
 * from messages.getDialogs.
 */
export class PeerCache {
  private readonly users = new Map<bigint, bigint>();
  private selfId: bigint | undefined;

  constructor(
    private readonly call: Call,
    private readonly gramCache: (peer: Api.TypePeer) => Promise<Api.TypeInputPeer>,
  ) {}

  setSelf(id: bigint): void {
    this.selfId = id;
  }

  /** Keeps the access hash of every full (non-min) user in an answer. */
  remember(users: readonly Api.TypeUser[] | undefined): void {
    for (const user of users ?? []) {
      if (user instanceof Api.User && user.accessHash !== undefined && !user.min) {
        this.users.set(BigInt(user.id.toString()), BigInt(user.accessHash.toString()));
      }
    }
  }

  /** Remembers the users of any answer that carries some (most do: users, contacts, messages, updates). */
  rememberFrom(result: unknown): void {
    const users = (result as { users?: unknown })?.users;
    if (Array.isArray(users)) this.remember(users as Api.TypeUser[]);
  }

  async inputUser(ref: UserRef, opts?: CallOptions): Promise<Api.TypeInputUser> {
    const id = typeof ref === "bigint" ? ref : ref.id;
    if (id === this.selfId) return new Api.InputUserSelf();
    const hash = await this.accessHash(id, opts);
    return new Api.InputUser({ userId: bigInteger(id), accessHash: bigInteger(hash) });
  }

  async inputPeer(chat: ChatRef, opts?: CallOptions): Promise<Api.TypeInputPeer> {
    if (chat === "me") return new Api.InputPeerSelf();
    if (chat.kind === "user") {
      if (chat.id === this.selfId) return new Api.InputPeerSelf();
      const hash = await this.accessHash(chat.id, opts);
      return new Api.InputPeerUser({ userId: bigInteger(chat.id), accessHash: bigInteger(hash) });
    }
    if (chat.kind === "group") return new Api.InputPeerChat({ chatId: bigInteger(chat.id) });
    return this.gramCache(toPeerInput(chat));
  }

  private async accessHash(id: bigint, opts?: CallOptions): Promise<bigint> {
    const known = this.users.get(id);
    if (known !== undefined) return known;
    // GramJS keeps the hashes of what it has seen (updates it processed, for one).
    const seen = await this.gramCache(toPeerInput({ kind: "user", id })).catch(() => undefined);
    if (seen instanceof Api.InputPeerUser) {
      const hash = BigInt(seen.accessHash.toString());
      this.users.set(id, hash);
      return hash;
    }
    const contacts = await this.call(new Api.contacts.GetContacts({ hash: bigInteger(0n) }), opts);
    if (contacts instanceof Api.contacts.Contacts) this.remember(contacts.users);
    const contact = this.users.get(id);
    if (contact !== undefined) return contact;
    // Someone the owner chats with but has not saved: their chat (or its top message) carries them.
    const dialogs = await this.call(
      new Api.messages.GetDialogs({ offsetDate: 0, offsetId: 0, offsetPeer: new Api.InputPeerEmpty(), limit: RECENT_DIALOGS, hash: bigInteger(0n) }),
      opts,
    );
    if (!(dialogs instanceof Api.messages.DialogsNotModified)) this.remember(dialogs.users);
    const found = this.users.get(id);
    if (found === undefined) throw new UserNotFoundError({ id }, "unknown-id");
    return found;
  }
}
