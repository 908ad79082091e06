/**
 * Telegram's access-hash rule: a client can name a user (InputUser,
 * InputPeerUser) only with an access hash the server gave it, in a User
 * object of some answer or update. The world remembers, per auth key, which
 * users it has been sent, so a client that builds an access hash it was never
 * given (or a test that reads it from the world) fails the way a real account
 * would.
 *
 * Stricter than Telegram in one way, on purpose: Telegram keeps user hashes
 * per account, so a hash learned in one session of an account also works in
 * its others. Here each auth key starts knowing nobody, which is what a new
 * StringSession (which stores no hashes) sees in practice.
 */
import { Api } from "telegram";
import { toBigint } from "./tl";

export class SessionPeers {
  private readonly byAuthKey = new Map<bigint, Set<bigint>>();

  /** `authKeyId` has been sent `userId` with their access hash. */
  give(authKeyId: bigint, userId: bigint): void {
    let known = this.byAuthKey.get(authKeyId);
    if (!known) {
      known = new Set();
      this.byAuthKey.set(authKeyId, known);
    }
    known.add(userId);
  }

  /** Records every full User (with an access hash) an answer or update carries. */
  giveFrom(authKeyId: bigint, sent: unknown): void {
    for (const user of usersCarried(sent)) this.give(authKeyId, toBigint(user.id));
  }

  knows(authKeyId: bigint, userId: bigint): boolean {
    return this.byAuthKey.get(authKeyId)?.has(userId) ?? false;
  }

  /** The user ids `authKeyId` has been given (for tests and the sandbox). */
  known(authKeyId: bigint): bigint[] {
    return [...(this.byAuthKey.get(authKeyId) ?? [])];
  }
}

/**
 * The users an answer carries: a Vector<User> (users.getUsers) or the `users`
 * field every other answer and update with users has (contacts.Contacts,
 * contacts.ResolvedPeer, messages.Messages, Updates, updates.Difference,
 * photos.Photo(s), users.UserFull...). Min users carry no usable hash.
 */
function usersCarried(sent: unknown): Api.User[] {
  const list = Array.isArray(sent) ? sent : (sent as { users?: unknown } | null | undefined)?.users;
  if (!Array.isArray(list)) return [];
  return list.filter((u): u is Api.User => u instanceof Api.User && u.accessHash !== undefined && u.accessHash !== null && !u.min);
}
