/**
 * The sandbox's own command language, parsed from one input line.
 *
 * A line not starting with "/" is text the owner sends in the current chat.
 * Sending has one grammar, whoever sends and whatever is sent:
 *
 *   [/as <user>] [/reply <id>] (<text> | /photo <path> [caption] | /file <path> [caption])
 *
 * the two prefixes in either order. "//text" sends "/text" literally (a bot
 * command, say). Everything else is a sandbox command (/chat, /history, ...).
 */
import { SandboxCommandError } from "./errors";

/** Which of a user's photos a command means. "original" is the photo they set themselves. */
export const PHOTO_SLOTS = ["personal", "suggested", "original", "fallback"] as const;
export type PhotoSlot = (typeof PHOTO_SLOTS)[number];

export type OutgoingContent =
  { readonly kind: "text"; readonly text: string } | { readonly kind: "photo" | "file"; readonly path: string; readonly caption: string };

export interface SendCommand {
  readonly kind: "send";
  /** Who sends: another user's name; undefined is the owner. */
  readonly as?: string;
  /** The replied message's id as the owner sees it (what /history shows), or "last": the newest message someone else sent there. */
  readonly replyTo?: number | "last";
  readonly content: OutgoingContent;
}

export type SandboxCommand =
  | SendCommand
  | { readonly kind: "chat"; readonly target: string }
  | { readonly kind: "history"; readonly limit: number }
  | { readonly kind: "photoState"; readonly user: string }
  | {
      readonly kind: "savePhoto";
      readonly user: string;
      readonly slot: PhotoSlot;
      readonly path: string;
      /** A size letter ("a", "c", "x"...), "video" for a video avatar's MP4, or "uploaded" for the bytes the client sent; default the largest still. */
      readonly size?: string;
    }
  /** The next `times` calls of `method` answer the RPC error `error` (see ./faults). */
  | { readonly kind: "fail"; readonly method: string; readonly error: string; readonly times: number }
  /** The output of the line before must contain `text` (or match `pattern`), or the run fails (exit 1): scripts as smoke tests. */
  | { readonly kind: "expect"; readonly text: string; readonly pattern?: RegExp }
  | { readonly kind: "world" }
  | { readonly kind: "help" }
  | { readonly kind: "quit" }
  /** A blank line or a "#" comment (scripts use them). */
  | { readonly kind: "nothing" };

export const DEFAULT_HISTORY = 20;
const MAX_HISTORY = 500;

/** The grammar as users read it (/help and error messages): name → [syntax, what it does]. */
export const USAGE: Readonly<Record<string, readonly [string, string]>> = {
  text: ["<text>", 'send text as yourself in the current chat ("//text" sends "/text")'],
  photo: ["/photo <path> [caption]", "send an image file as a photo"],
  file: ["/file <path> [caption]", "send any file as a document (images keep their size, MP4s are videos)"],
  reply: ["/reply <id>|last <message>", 'reply to message <id>, or "last": the newest the other side sent (<message>: text, /photo or /file)'],
  as: ["/as <user> <message>", "the other person sends it (combines with /reply)"],
  chat: ["/chat <who>", "switch chat: alice, @carol, friends, saved, or an id"],
  history: ["/history [n]", `the last n messages of the current chat (default ${DEFAULT_HISTORY})`],
  "photo-state": ["/photo-state <user>", "the user's photos as you see them: personal, suggested, original, fallback"],
  "save-photo": [
    "/save-photo <user> <which> <path> [size]",
    'save one of them (which: personal, suggested, original, fallback; size: a letter, "video" for a video avatar\'s MP4, or "uploaded")',
  ],
  fail: ["/fail <method> <ERROR> [n]", "the next n calls of a Telegram method fail (e.g. /fail photos.uploadContactProfilePhoto FLOOD_WAIT_30)"],
  expect: ["/expect <text> | /expect /<regex>/", "the line before must have answered with that text, or the run fails (exit 1)"],
  world: ["/world", "the users and chats again, with their ids"],
  help: ["/help", "this list"],
  quit: ["/quit", "stop everything and exit (end of input does the same)"],
};

/** The help lines, syntax column aligned. */
export function usageLines(): string[] {
  const width = Math.max(...Object.values(USAGE).map(([syntax]) => syntax.length));
  return Object.values(USAGE).map(([syntax, what]) => `${syntax.padEnd(width)}  ${what}`);
}

export function parseCommand(line: string): SandboxCommand {
  const trimmed = line.trim();
  if (trimmed === "" || trimmed.startsWith("#")) return { kind: "nothing" };
  if (!trimmed.startsWith("/") || trimmed.startsWith("//")) return parseSend(trimmed);
  const [word, rest] = nextWord(trimmed);
  const name = word.slice(1).toLowerCase();
  switch (name) {
    case "as":
    case "reply":
    case "photo":
    case "file":
      return parseSend(trimmed);
    case "chat":
      return { kind: "chat", target: single(rest, "chat") };
    case "history":
      return { kind: "history", limit: rest === "" ? DEFAULT_HISTORY : positiveInt(rest, "history", MAX_HISTORY) };
    case "photo-state":
      return { kind: "photoState", user: single(rest, "photo-state") };
    case "save-photo":
      return parseSavePhoto(rest);
    case "fail":
      return parseFail(rest);
    case "expect":
      return parseExpect(rest);
    case "world":
    case "help":
    case "quit":
      if (rest !== "") throw usage(name, `/${name} takes no arguments.`);
      return { kind: name };
    default:
      throw new SandboxCommandError(`Unknown sandbox command ${word}. Type /help for the list; start a line with "//" to send text beginning with "/".`);
  }
}

function parseSend(line: string): SendCommand {
  let as: string | undefined;
  let replyTo: number | "last" | undefined;
  let rest = line;
  for (;;) {
    const [word, after] = nextWord(rest);
    const lower = word.toLowerCase();
    if (lower === "/as" && as === undefined) {
      const [who, tail] = nextWord(after);
      if (who === "") throw usage("as", "/as needs a user and a message.");
      as = who;
      rest = tail;
    } else if (lower === "/reply" && replyTo === undefined) {
      const [id, tail] = nextWord(after);
      if (id.toLowerCase() === "last") replyTo = "last";
      else if (/^[1-9]\d{0,9}$/.test(id)) replyTo = Number(id);
      else throw usage("reply", `"${id}" is not a message id (see /history) or "last".`);
      rest = tail;
    } else {
      break;
    }
  }
  return { kind: "send", as, replyTo, content: parseContent(rest, as !== undefined ? "as" : "reply") };
}

function parseContent(text: string, context: string): OutgoingContent {
  if (text === "") throw usage(context, "Nothing to send.");
  if (text.startsWith("//")) return { kind: "text", text: text.slice(1) };
  const [word, rest] = nextWord(text);
  const lower = word.toLowerCase();
  if (lower === "/photo" || lower === "/file") {
    const kind = lower === "/photo" ? "photo" : "file";
    const [path, caption] = nextWord(rest);
    if (path === "") throw usage(kind, `/${kind} needs a file path.`);
    return { kind, path, caption };
  }
  if (text.startsWith("/"))
    throw new SandboxCommandError(`${word} cannot be sent here: a message is text, /photo or /file (start with "//" to send text beginning with "/").`);
  return { kind: "text", text };
}

function parseSavePhoto(rest: string): SandboxCommand {
  const words: string[] = [];
  let tail = rest;
  while (tail !== "") {
    const [word, after] = nextWord(tail);
    words.push(word);
    tail = after;
  }
  if (words.length < 3 || words.length > 4) throw usage("save-photo", "/save-photo needs a user, which photo, and where to save it.");
  const [user, slotWord, path, size] = words as [string, string, string, string | undefined];
  const slot = parsePhotoSlot(slotWord);
  return { kind: "savePhoto", user, slot, path, size };
}

function parseFail(rest: string): SandboxCommand {
  const words = rest.split(/\s+/).filter(Boolean);
  if (words.length < 2 || words.length > 3) throw usage("fail", "/fail needs a method and an error name.");
  const [method, error, times] = words as [string, string, string | undefined];
  if (!/^[A-Z][A-Z0-9_]*$/.test(error)) throw usage("fail", `"${error}" is not an RPC error name (capitals, digits and _, e.g. FLOOD_WAIT_30).`);
  return { kind: "fail", method, error, times: times === undefined ? 1 : positiveInt(times, "fail", 100) };
}

function parseExpect(rest: string): SandboxCommand {
  if (rest === "") throw usage("expect", "/expect needs the text the answer must contain.");
  const regex = /^\/(.+)\/([imsu]*)$/s.exec(rest);
  if (!regex) return { kind: "expect", text: rest };
  try {
    return { kind: "expect", text: rest, pattern: new RegExp(regex[1], regex[2]) };
  } catch (err) {
    throw usage("expect", `${rest} is not a regular expression: ${(err as Error).message}.`);
  }
}

function parsePhotoSlot(word: string): PhotoSlot {
  const lower = word.toLowerCase();
  if (lower === "own") return "original";
  const slot = PHOTO_SLOTS.find((s) => s === lower);
  if (!slot) throw usage("save-photo", `"${word}" is not a photo: use ${PHOTO_SLOTS.join(", ")}.`);
  return slot;
}

/** The first word (a quoted one may hold spaces: paths) and the trimmed rest. */
function nextWord(text: string): [string, string] {
  const s = text.trimStart();
  const quote = s[0];
  if (quote === '"' || quote === "'") {
    const end = s.indexOf(quote, 1);
    if (end < 0) throw new SandboxCommandError(`Unclosed ${quote} in: ${text.trim()}`);
    return [s.slice(1, end), s.slice(end + 1).trim()];
  }
  const space = s.search(/\s/);
  return space < 0 ? [s, ""] : [s.slice(0, space), s.slice(space).trim()];
}

function single(rest: string, name: string): string {
  const [word, tail] = nextWord(rest);
  if (word === "" || tail !== "") throw usage(name, `/${name} takes exactly one name or id.`);
  return word;
}

function positiveInt(text: string, name: string, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) throw usage(name, `"${text}" is not a number from 1 to ${max}.`);
  return value;
}

function usage(name: string, problem: string): SandboxCommandError {
  const syntax = USAGE[name]?.[0];
  return new SandboxCommandError(syntax ? `${problem}\nUsage: ${syntax}` : problem);
}
