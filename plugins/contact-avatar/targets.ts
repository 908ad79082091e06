import { UsageError, UserError, UserNotFoundError, type Message, type Telegram, type User } from "contact-userbot/sdk";
import { ContactDirectory } from "./contacts/directory";
import { describeCandidate, foldName, fullName, matchName } from "./contacts/match";
import { looksLikePhone, normalisePhone, parseRegion, regionOfPhone, toTelegramDigits, type RegionCode } from "./contacts/phone";

export interface Target {
  /** Pass it to the Telegram interface's methods as the user (it carries what Telegram needs to reach them). */
  user: User;
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

export function displayName(user: User): string {
  const full = [user.firstName, user.lastName].filter(Boolean).join(" ");
  return full || (user.username ? `@${user.username}` : `user ${user.id}`);
}

/** One word's resolution: the target, or why it is not one (reported on its own line). */
export type TargetResult = { word: string; target: Target } | { word: string; error: Error };

/** One contact list per connection, shared by every command and rotation on it. */
const directories = new WeakMap<Telegram, ContactDirectory>();
export function contactDirectory(telegram: Telegram): ContactDirectory {
  let directory = directories.get(telegram);
  if (!directory) {
    directory = new ContactDirectory(telegram);
    directories.set(telegram, directory);
  }
  return directory;
}

/**
 * The targets of a command: the words given, or the user of the private chat
 * it was typed in. Refuses yourself, bots and deleted accounts as Telegram's
 * own clients do, each with a clear line. The first bad word throws; use
 * resolveTargetList to report each word on its own.
 */
export async function resolveTargets(telegram: Telegram, words: string[], message: Message): Promise<Target[]> {
  const results = await resolveTargetList(telegram, words, message);
  const failed = results.find((r): r is { word: string; error: Error } => "error" in r);
  if (failed) throw failed.error;
  return results.flatMap((r) => ("target" in r ? [r.target] : []));
}

/** Each word resolved on its own: one unknown or refused target never stops the others. Duplicates are dropped. */
export async function resolveTargetList(telegram: Telegram, words: string[], message: Message): Promise<TargetResult[]> {
  if (words.length === 0) return [{ word: "", target: await chatTarget(telegram, message) }];
  const results: TargetResult[] = [];
  for (const word of await joinNames(telegram, words)) {
    try {
      const target = await resolveWord(telegram, word);
      if (!results.some((r) => "target" in r && r.target.user.id === target.user.id)) results.push({ word, target });
    } catch (err) {
      results.push({ word, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }
  return results;
}

/**
 * `.setpfp Bob Smith` typed without quotes: two neighbouring words that are
 * together one contact's whole name count as one target.
 */
async function joinNames(telegram: Telegram, words: string[]): Promise<string[]> {
  const phones = joinPhones(words, ownRegion(telegram));
  if (phones.length < 2 || !phones.some(isNameWord)) return phones;
  const contacts = await contactDirectory(telegram).list();
  const joined: string[] = [];
  for (let i = 0; i < phones.length; i++) {
    if (i + 1 < phones.length && isNameWord(phones[i]) && isNameWord(phones[i + 1])) {
      const pair = `${phones[i]} ${phones[i + 1]}`;
      const match = matchName(pair, contacts);
      if (match.kind === "one" && foldName(fullName(match.contact)).split(" ").length === 2) {
        joined.push(pair);
        i++;
        continue;
      }
    }
    joined.push(phones[i]);
  }
  return joined;
}

const PHONE_START = /^\+?[\d().-]+$/;
const PHONE_PIECE = /^[\d().-]+$/;

/**
 * `+1 202 555 0143` typed with spaces arrives as four words: the longest run
 * of number-shaped words that reads as one phone number becomes one word.
 */
function joinPhones(words: string[], region: RegionCode | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    let end = i;
    if (PHONE_START.test(words[i])) {
      for (let j = i + 1; j < words.length && j - i < 6 && PHONE_PIECE.test(words[j]); j++) {
        if (normalisePhone(words.slice(i, j + 1).join(" "), region)) end = j;
      }
    }
    out.push(words.slice(i, end + 1).join(" "));
    i = end;
  }
  return out;
}

function isNameWord(word: string): boolean {
  return parseTargetWord(word) === undefined && !looksLikePhone(word);
}

async function chatTarget(telegram: Telegram, message: Message): Promise<Target> {
  if (message.chat.kind !== "user" || message.chat.id === telegram.self().id) {
    throw new UsageError("Name the contact (e.g. Bob, @alice or +1 202 555 0143): in a group or in Saved Messages there is no default.");
  }
  return checked(await telegram.users.resolve({ id: message.chat.id }), "this chat");
}

/** One target word as a user types it (a name, @username, link, phone number or id), with the same refusals. */
export function resolveTargetWord(telegram: Telegram, word: string): Promise<Target> {
  return resolveWord(telegram, word);
}

async function resolveWord(telegram: Telegram, word: string): Promise<Target> {
  const parsed = parseTargetWord(word);
  if (parsed && "username" in parsed) return byUsername(telegram, word, parsed.username);
  if (parsed && "id" in parsed) {
    const known = await byId(telegram, parsed.id);
    if (known) return checked(known, word);
    // "2025550143" is a local phone number as much as an id.
    if (phoneOf(telegram, word)) return byPhone(telegram, word);
    throw new UserError(`I don't know user ${parsed.id}: they are not among your contacts or chats. Use their @username, phone number or name.`);
  }
  if (looksLikePhone(word)) return byPhone(telegram, word);
  return byName(telegram, word);
}

async function byUsername(telegram: Telegram, word: string, username: string): Promise<Target> {
  try {
    return checked(await telegram.users.resolve({ username }), word);
  } catch (err) {
    if (!(err instanceof UserNotFoundError)) throw err;
    if (err.reason === "not-a-user") throw new UserError(`${word} is a group or channel, not a person.`);
    throw new UserError(`No Telegram user is called @${username}.`);
  }
}

/** A user id: the contact list first (it carries access hashes), then users seen in dialogs and updates. */
async function byId(telegram: Telegram, id: bigint): Promise<User | undefined> {
  const contact = await contactDirectory(telegram).find((list) => list.find((c) => c.id === id));
  if (contact) return contact.user;
  try {
    return await telegram.users.resolve({ id });
  } catch (err) {
    if (err instanceof UserNotFoundError) return undefined;
    throw err;
  }
}

/** The phoneRegion setting of each connection's plugin (set up once, read at each use: `.config` may change it). */
const regionSettings = new WeakMap<Telegram, () => string>();
export function useRegionSetting(telegram: Telegram, setting: () => string): void {
  regionSettings.set(telegram, setting);
}

/**
 * The region local numbers (no "+") are read in: the phoneRegion setting,
 * else the owner's own country. Targets and address book cards both use it.
 */
export function ownRegion(telegram: Telegram): RegionCode | undefined {
  const configured = regionSettings.get(telegram)?.();
  return (configured ? parseRegion(configured) : undefined) ?? regionOfPhone(telegram.self().phone);
}

/** The word as an E.164 number, local numbers read in the owner's country. */
function phoneOf(telegram: Telegram, word: string): string | undefined {
  return normalisePhone(word, ownRegion(telegram));
}

async function byPhone(telegram: Telegram, word: string): Promise<Target> {
  const e164 = phoneOf(telegram, word);
  if (!e164) {
    const region = ownRegion(telegram);
    throw new UserError(`"${word}" is not a phone number${region ? ` (local numbers are read as ${region})` : " (write it with + and the country code)"}.`);
  }
  const contact = await contactDirectory(telegram).find((list) => list.find((c) => c.phone === e164));
  if (contact) return checked(contact.user, word);
  try {
    return checked(await telegram.users.resolve({ phone: toTelegramDigits(e164) }), word);
  } catch (err) {
    if (err instanceof UserNotFoundError) throw new UserError(`No Telegram user has the number ${e164}, or their privacy settings hide it.`);
    throw err;
  }
}

async function byName(telegram: Telegram, word: string): Promise<Target> {
  const directory = contactDirectory(telegram);
  const match =
    (await directory.find((list) => {
      const found = matchName(word, list);
      return found.kind === "none" ? undefined : found;
    })) ?? matchName(word, await directory.list());
  if (match.kind === "one") return checked(match.contact.user, word);
  if (match.kind === "several") {
    const shown = match.contacts.slice(0, 5).map(describeCandidate).join("; ");
    const more = match.contacts.length > 5 ? ` and ${match.contacts.length - 5} more` : "";
    throw new UserError(`"${word}" fits ${match.contacts.length} contacts: ${shown}${more}. Use the whole name in quotes, the @username or the phone number.`);
  }
  const closest = match.closest.map(describeCandidate);
  throw new UserError(
    `No contact is called "${word}"${closest.length ? `. Did you mean ${closest.join(" or ")}?` : "."} A target is a contact's name, @username, t.me link, phone number or user id.`,
  );
}

function checked(entity: User, word: string): Target {
  const name = displayName(entity);
  if (entity.self) throw new UserError("That is you: Telegram does not let you set or suggest a photo for yourself.");
  if (entity.bot) throw new UserError(`${name} is a bot: Telegram does not offer personal photos for bots.`);
  if (entity.deleted) throw new UserError(`${word === "this chat" ? "This" : word} account is deleted.`);
  if (!entity.reachable) throw new UserError(`Telegram did not give access to ${name}; open a chat with them first.`);
  return { user: entity, name };
}
