import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers";
import { UsageError, UserError } from "../../src/core/errors";
import type { Telegram } from "../../src/telegram/types";

export interface Target {
  user: Api.User;
  input: Api.InputUser;
  /** "Alice" or "@alice": how answers name them. */
  name: string;
}

const LINK = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/([A-Za-z0-9_]{4,32})\/?$/i;
const USERNAME = /^@([A-Za-z0-9_]{4,32})$/;
/** User ids are positive; negative ids are groups and channels, which cannot have a contact photo. */
const NUMERIC = /^[1-9]\d{0,19}$/;

/** What a target word refers to, before asking Telegram. */
export function parseTargetWord(word: string): { username: string } | { id: bigint } | undefined {
  const link = LINK.exec(word) ?? USERNAME.exec(word);
  if (link) return { username: link[1] };
  if (NUMERIC.test(word)) return { id: BigInt(word) };
  return undefined;
}

export function displayName(user: Api.User): string {
  const full = [user.firstName, user.lastName].filter(Boolean).join(" ");
  return full || (user.username ? `@${user.username}` : `user ${user.id}`);
}

/**
 * The targets of a command: the words given, or the user of the private chat
 * it was typed in. Refuses yourself, bots and deleted accounts as Telegram's
 * own clients do, each with a clear line.
 */
export async function resolveTargets(telegram: Telegram, words: string[], message: Api.Message): Promise<Target[]> {
  if (words.length === 0) return [await chatTarget(telegram, message)];
  const targets: Target[] = [];
  for (const word of words) {
    const target = await resolveWord(telegram, word);
    if (!targets.some((t) => t.user.id.equals(target.user.id))) targets.push(target);
  }
  return targets;
}

async function chatTarget(telegram: Telegram, message: Api.Message): Promise<Target> {
  const peer = message.peerId;
  const me = telegram.me();
  if (!(peer instanceof Api.PeerUser) || peer.userId.equals(me.id)) {
    throw new UsageError("Name the contact (e.g. @alice): in a group or in Saved Messages there is no default.");
  }
  const entity = await telegram.getEntity(peer);
  return checked(entity, "this chat");
}

async function resolveWord(telegram: Telegram, word: string): Promise<Target> {
  const parsed = parseTargetWord(word);
  if (!parsed) throw new UsageError(`"${word}" is not a target: use @username, a t.me/username link or a numeric user id.`);
  let entity: Api.User | Api.Chat | Api.Channel;
  try {
    entity = await telegram.getEntity("username" in parsed ? parsed.username : returnBigInt(parsed.id.toString()));
  } catch (err) {
    throw unknownTarget(word, parsed, err);
  }
  return checked(entity, word);
}

function checked(entity: Api.User | Api.Chat | Api.Channel, word: string): Target {
  if (!(entity instanceof Api.User)) throw new UserError(`${word} is a group or channel, not a person.`);
  const name = displayName(entity);
  if (entity.self) throw new UserError("That is you: Telegram does not let you set or suggest a photo for yourself.");
  if (entity.bot) throw new UserError(`${name} is a bot: Telegram does not offer personal photos for bots.`);
  if (entity.deleted) throw new UserError(`${word === "this chat" ? "This" : word} account is deleted.`);
  if (!entity.accessHash) throw new UserError(`Telegram did not give access to ${name}; open a chat with them first.`);
  return { user: entity, input: new Api.InputUser({ userId: entity.id, accessHash: entity.accessHash }), name };
}

function unknownTarget(word: string, parsed: { username: string } | { id: bigint }, err: unknown): Error {
  const text = (err as Error)?.message ?? "";
  if ("id" in parsed) {
    return new UserError(`I don't know user ${parsed.id} yet (Telegram needs a chat or a username first): use their @username.`);
  }
  if (/USERNAME_NOT_OCCUPIED|USERNAME_INVALID|No user has|Cannot find any entity/i.test(text)) {
    return new UserError(`No Telegram user is called @${parsed.username}.`);
  }
  return err instanceof Error ? err : new Error(String(err));
}
