import { Api } from "telegram";
import { TelegramApiError, UserNotFoundError } from "../../core/errors";
import type { Gateway } from "../gateway";
import { bigInteger, toFullUser, toPhoto, toUser } from "../mapping";
import type { Photo, User, UserQuery } from "../model";
import type { ContactsApi, UsersApi } from "../types";

/** Telegram's answers that mean "no such user" for a username or phone look-up. */
const NOT_FOUND = new Set(["USERNAME_NOT_OCCUPIED", "USERNAME_INVALID", "PHONE_NOT_OCCUPIED", "PHONE_NUMBER_INVALID", "PHONE_NUMBER_UNOCCUPIED"]);
/** Answers to a user id (with a stale or missing access hash) that mean we cannot reach them. */
const UNKNOWN_ID = new Set(["USER_ID_INVALID", "PEER_ID_INVALID", "INPUT_USER_DEACTIVATED"]);

export function usersApi(gw: Gateway): UsersApi {
  return {
    async resolve(query, opts) {
      try {
        if ("username" in query) return await byUsername(gw, query.username.replace(/^@/, ""), opts);
        if ("phone" in query) return await byPhone(gw, query, opts);
        const input = await gw.peers.inputUser(query.id, opts);
        const [user] = await gw.call(new Api.users.GetUsers({ id: [input] }), opts);
        if (!(user instanceof Api.User)) throw new UserNotFoundError(query, "unknown-id");
        return toUser(user);
      } catch (err) {
        throw notFound(err, query);
      }
    },

    async full(ref, opts) {
      const id = await gw.peers.inputUser(ref, opts);
      const full = await gw.call(new Api.users.GetFullUser({ id }), opts);
      const userId = full.fullUser.id.toString();
      const user = full.users.find((u): u is Api.User => u instanceof Api.User && u.id.toString() === userId);
      if (!user) throw new Error("users.getFullUser answered without the user");
      return toFullUser(full, user);
    },

    async photos(ref, opts = {}) {
      const userId = await gw.peers.inputUser(ref, opts);
      const result = await gw.call(new Api.photos.GetUserPhotos({ userId, offset: opts.offset ?? 0, maxId: bigInteger(0n), limit: opts.limit ?? 100 }), opts);
      return result.photos.map(toPhoto).filter((p): p is Photo => p !== undefined);
    },
  };
}

export function contactsApi(gw: Gateway): ContactsApi {
  return {
    async list(opts) {
      const result = await gw.call(new Api.contacts.GetContacts({ hash: bigInteger(0n) }), opts);
      if (!(result instanceof Api.contacts.Contacts)) return [];
      return result.users.filter((u): u is Api.User => u instanceof Api.User).map(toUser);
    },
  };
}

async function byUsername(gw: Gateway, username: string, opts: Parameters<Gateway["call"]>[1]): Promise<User> {
  const resolved = await gw.call(new Api.contacts.ResolveUsername({ username }), opts);
  return userOfResolved(resolved, { username });
}

async function byPhone(gw: Gateway, query: { phone: string }, opts: Parameters<Gateway["call"]>[1]): Promise<User> {
  const phone = query.phone.replace(/[^\d]/g, "");
  // The owner's contacts first: resolvePhone is rate-limited hard and depends on the user's privacy settings.
  const contacts = await gw.call(new Api.contacts.GetContacts({ hash: bigInteger(0n) }), opts);
  if (contacts instanceof Api.contacts.Contacts) {
    const contact = contacts.users.find((u): u is Api.User => u instanceof Api.User && u.phone === phone);
    if (contact) return toUser(contact);
  }
  const resolved = await gw.call(new Api.contacts.ResolvePhone({ phone }), opts);
  return userOfResolved(resolved, { phone });
}

function userOfResolved(resolved: Api.contacts.ResolvedPeer, query: UserQuery): User {
  if (!(resolved.peer instanceof Api.PeerUser)) throw new UserNotFoundError(query, "not-a-user");
  const id = resolved.peer.userId.toString();
  const user = resolved.users.find((u): u is Api.User => u instanceof Api.User && u.id.toString() === id);
  if (!user) throw new UserNotFoundError(query, "not-found");
  return toUser(user);
}

function notFound(err: unknown, query: UserQuery): unknown {
  if (!(err instanceof TelegramApiError)) return err;
  if ("id" in query && UNKNOWN_ID.has(err.errorMessage)) return new UserNotFoundError(query, "unknown-id");
  if (!("id" in query) && NOT_FOUND.has(err.errorMessage)) return new UserNotFoundError(query, "not-found");
  return err;
}
