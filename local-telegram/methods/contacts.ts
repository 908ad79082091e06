/** contacts.*: resolving usernames and the caller's contact list. */
import { Api } from "telegram";
import type { MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";
import { badRequest } from "../world/errors";
import { renderUser } from "../world/render";
import { long, nowSeconds, peerUser } from "../world/tl";
import { requireCaller, requireUser, resolveInputUser } from "./inputs";

/** Telegram's username shape: 5 to 32 of [a-z0-9_], starting with a letter (a few legacy names are shorter). */
const USERNAME = /^[a-z][a-z0-9_]{3,31}$/i;

export function registerContactsMethods(registry: MethodRegistry, world: World): void {
  registry.on("contacts.ResolveUsername", (request: Api.contacts.ResolveUsername, ctx) => {
    const viewer = requireUser(ctx);
    const name = request.username.replace(/^@/, "");
    if (!USERNAME.test(name)) throw badRequest("USERNAME_INVALID");
    const user = world.users.findByUsername(name);
    if (!user || user.deleted) throw badRequest("USERNAME_NOT_OCCUPIED");
    return new Api.contacts.ResolvedPeer({ peer: peerUser(user.id), chats: [], users: [renderUser(world, viewer, user)] });
  });

  // Telegram finds a number only when the user's privacy lets the caller see it; here: when it is a real, live account.
  registry.on("contacts.ResolvePhone", (request: Api.contacts.ResolvePhone, ctx) => {
    const viewer = requireUser(ctx);
    const digits = request.phone.replace(/[^0-9]/g, "");
    if (digits.length < 5) throw badRequest("PHONE_NUMBER_INVALID");
    const user = world.users.findByPhone(digits);
    if (!user || user.deleted || user.hidesPhone) throw badRequest("PHONE_NOT_OCCUPIED");
    return new Api.contacts.ResolvedPeer({ peer: peerUser(user.id), chats: [], users: [renderUser(world, viewer, user)] });
  });

  registry.on("contacts.GetContacts", (_request: Api.contacts.GetContacts, ctx) => {
    const viewer = requireUser(ctx);
    const contacts = [...world.account(viewer).contacts].flatMap((id) => {
      const user = world.users.get(id);
      return user ? [user] : [];
    });
    return new Api.contacts.Contacts({
      contacts: contacts.map((u) => new Api.Contact({ userId: long(u.id), mutual: world.isContact(u.id, viewer) })),
      savedCount: 0,
      users: contacts.map((u) => renderUser(world, viewer, u)),
    });
  });

  registry.on("contacts.AddContact", (request: Api.contacts.AddContact, ctx) => {
    const caller = requireCaller(ctx);
    const viewer = caller.userId;
    const user = resolveInputUser(world, caller, request.id, "CONTACT_ID_INVALID");
    if (user.id === viewer || user.deleted) throw badRequest("CONTACT_ID_INVALID");
    if (!request.firstName.trim()) throw badRequest("CONTACT_NAME_EMPTY");
    world.makeContact(user.id, { of: viewer });
    return new Api.Updates({ updates: [], users: [renderUser(world, viewer, user)], chats: [], date: nowSeconds(), seq: 0 });
  });

  registry.on("contacts.DeleteContacts", (request: Api.contacts.DeleteContacts, ctx) => {
    const caller = requireCaller(ctx);
    const viewer = caller.userId;
    const users = request.id.map((input) => resolveInputUser(world, caller, input, "CONTACT_ID_INVALID"));
    for (const user of users) world.removeContact(user.id, viewer);
    return new Api.Updates({ updates: [], users: users.map((u) => renderUser(world, viewer, u)), chats: [], date: nowSeconds(), seq: 0 });
  });
}
