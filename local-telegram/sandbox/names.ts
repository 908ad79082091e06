/**
 * Turns what the sandbox user types ("alice", "@carol", "friends", "saved",
 * an id) into the world's users and chats, with a clear line when nothing or
 * more than one thing matches.
 */
import type { ChatRef, World } from "../world";
import type { UserRecord } from "../world";
import { SandboxCommandError } from "./errors";

/** How the sandbox names a user in lists and transcripts. */
export function userName(world: World, userId: bigint): string {
  if (userId === world.ownerId) return "You";
  const user = world.users.get(userId);
  if (!user) return `user ${userId}`;
  if (user.deleted) return "Deleted Account";
  return [user.firstName, user.lastName].filter(Boolean).join(" ") || (user.username ? `@${user.username}` : `user ${userId}`);
}

export function chatName(world: World, chat: ChatRef): string {
  if ("chatId" in chat) return world.chats.get(chat.chatId)?.title ?? `group ${chat.chatId}`;
  return chat.userId === world.ownerId ? "Saved Messages" : userName(world, chat.userId);
}

export function sameChat(a: ChatRef, b: ChatRef): boolean {
  if ("chatId" in a) return "chatId" in b && a.chatId === b.chatId;
  return "userId" in b && a.userId === b.userId;
}

/** A user other than the owner, by @username, username, first or full name, or id. */
export function resolveUser(world: World, word: string): UserRecord {
  const found = findUsers(world, word).filter((u) => u.id !== world.ownerId);
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new SandboxCommandError(`"${word}" matches ${found.map((u) => userName(world, u.id)).join(", ")}: use the @username or id.`);
  throw new SandboxCommandError(`No user "${word}". Known: ${knownUsers(world)} (see /world).`);
}

/** A private chat (by user), a group (by title or id, with or without the minus), or "saved"/"me" for Saved Messages. */
export function resolveChat(world: World, word: string): ChatRef {
  const lower = word.toLowerCase();
  if (lower === "saved" || lower === "me") return { userId: world.ownerId };
  const groups = [...world.chats.values()].filter((c) => c.title.toLowerCase() === lower || `${c.id}` === word.replace(/^-/, ""));
  const users = findUsers(world, word).filter((u) => u.id !== world.ownerId);
  const matches: ChatRef[] = [...users.map((u) => ({ userId: u.id })), ...groups.map((g) => ({ chatId: g.id }))];
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new SandboxCommandError(`"${word}" matches ${matches.map((c) => chatName(world, c)).join(", ")}: use the @username or id.`);
  const titles = [...world.chats.values()].map((c) => c.title.toLowerCase());
  throw new SandboxCommandError(`No chat "${word}". Known: ${[knownUsers(world), ...titles, "saved"].join(", ")} (see /world).`);
}

function findUsers(world: World, word: string): UserRecord[] {
  const all = world.users.all();
  if (/^\d+$/.test(word)) return all.filter((u) => `${u.id}` === word);
  if (word.startsWith("@")) {
    const user = world.users.findByUsername(word);
    return user ? [user] : [];
  }
  const lower = word.toLowerCase();
  const byUsername = all.filter((u) => u.username?.toLowerCase() === lower);
  if (byUsername.length > 0) return byUsername;
  return all.filter((u) => u.firstName.toLowerCase() === lower || userName(world, u.id).toLowerCase() === lower);
}

function knownUsers(world: World): string {
  return world.users
    .all()
    .filter((u) => u.id !== world.ownerId && !u.deleted)
    .map((u) => (u.username ? `@${u.username}` : u.firstName.toLowerCase()))
    .join(", ");
}
