/**
 * Turns a message like `.avatar @bob --bg="light blue"` into a command name
 * and arguments. Splitting is shell-like, with two concessions to chat text
 * (see `splitArgs`).
 */
import { UsageError } from "../core/errors";

export interface ParsedArgs {
  /** Words that are not options, quotes removed. */
  positional: string[];
  /** `--flag` → true, `--key=value` → "value". Keys lower-cased. */
  options: Record<string, string | true>;
  /** The text after the command name, exactly as typed (trimmed). */
  raw: string;
}

export interface ParsedCommand {
  /** The configured prefix that matched, e.g. "." or "bot ". */
  prefix: string;
  /** The command name, lower-cased, without prefix. */
  name: string;
  args: ParsedArgs;
}

/** A command name: a letter, digit or `_`, then those or `-`; then a space or the end. */
const COMMAND_NAME = /^([\p{L}\p{N}_][\p{L}\p{N}_-]*)(?=\s|$)/u;

/** A recognised command name, before its arguments are split. */
export interface CommandMatch {
  prefix: string;
  /** Lower-cased. */
  name: string;
  /** Everything after the name, untouched (not yet split, may hold an unclosed quote). */
  rest: string;
}

/**
 * The command in `text`, or undefined when the text is not a command: it must
 * start with one of `prefixes` immediately followed by a command name (so
 * ". hi", "...", "hello" and ".hi!" are ordinary messages). The longest
 * matching prefix wins, so "!!" can be a prefix next to "!". Prefixes match
 * case-insensitively because phone keyboards capitalise the first letter
 * ("Bot help" for the prefix "bot ").
 *
 * Never throws, so a caller can still name the command when its arguments
 * turn out to be malformed (`splitArgs(match.rest)` throws UsageError).
 */
export function matchCommand(text: string, prefixes: string[]): CommandMatch | undefined {
  const prefix = longestMatchingPrefix(text, prefixes);
  if (prefix === undefined) return undefined;
  const afterPrefix = text.slice(prefix.length);
  const name = COMMAND_NAME.exec(afterPrefix)?.[1];
  if (name === undefined) return undefined;
  return { prefix, name: name.toLowerCase(), rest: afterPrefix.slice(name.length) };
}

/** matchCommand plus splitArgs; throws UsageError for an unclosed quote. */
export function parseCommand(text: string, prefixes: string[]): ParsedCommand | undefined {
  const match = matchCommand(text, prefixes);
  return match && { prefix: match.prefix, name: match.name, args: splitArgs(match.rest) };
}

function longestMatchingPrefix(text: string, prefixes: string[]): string | undefined {
  let best: string | undefined;
  for (const prefix of prefixes) {
    if (prefix === "" || (best !== undefined && prefix.length <= best.length)) continue;
    if (text.slice(0, prefix.length).toLowerCase() === prefix.toLowerCase()) best = prefix;
  }
  return best;
}

/** One whitespace-separated word before options are told apart. */
interface Word {
  text: string;
  /** The characters at the start of the word typed plainly (no quote or escape yet). */
  plainLead: string;
}

interface Quote {
  close: string;
  /** Whether backslash escapes work inside (double quotes yes, single quotes no). */
  escapes: boolean;
}

const DOUBLE_QUOTE: Quote = { close: '"', escapes: true };
const SINGLE_QUOTE: Quote = { close: "'", escapes: false };
/** iOS and macOS turn typed double quotes into these. */
const CURLY_QUOTE: Quote = { close: "\u201D", escapes: true };

/** Backslash before one of these takes it literally; before anything else the backslash stays. */
const ESCAPABLE = new Set(['"', "'", "\\", "\u201C", "\u201D"]);

const isSpace = (ch: string): boolean => /\s/u.test(ch);

/**
 * Splits the text after a command name into positional words and options.
 *
 * - Whitespace (any Unicode whitespace, newlines too) separates words.
 * - "double quotes" and 'single quotes' keep spaces; `a"b c"d` is one word.
 * - A backslash escapes a quote, a backslash or whitespace, inside double
 *   quotes and outside quotes. Before any other character it is kept, so a
 *   pasted `C:\photos` or `\d+` arrives unchanged.
 * - Chat concessions: an apostrophe only opens a quote at the start of a word
 *   or right after `=` (so "don't" is a plain word), and the curly quotes
 *   “…” that phone keyboards produce work like double quotes at a word start.
 * - `--flag` → true, `--key=value` → "value" (keys lower-cased, last one
 *   wins); a quoted "--word" is positional; a bare `--` ends options; `-` and
 *   `-5` are positional.
 *
 * Throws UsageError when a quote is left open.
 */
export function splitArgs(raw: string): ParsedArgs {
  const words = splitWords(raw);
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  let optionsEnded = false;
  for (const word of words) {
    if (optionsEnded) {
      positional.push(word.text);
      continue;
    }
    if (word.text === "--" && word.plainLead === "--") {
      optionsEnded = true;
      continue;
    }
    const option = asOption(word);
    if (option) options[option.key] = option.value;
    else positional.push(word.text);
  }
  return { positional, options, raw: raw.trim() };
}

function asOption(word: Word): { key: string; value: string | true } | undefined {
  if (!word.plainLead.startsWith("--")) return undefined;
  const body = word.text.slice(2);
  const equals = body.indexOf("=");
  const key = (equals === -1 ? body : body.slice(0, equals)).toLowerCase();
  if (key === "") return undefined;
  return { key, value: equals === -1 ? true : body.slice(equals + 1) };
}

function splitWords(raw: string): Word[] {
  // Array.from iterates code points, so emoji and other astral characters stay whole.
  const chars = Array.from(raw);
  const words: Word[] = [];
  let word: Word | undefined;
  let quote: Quote | undefined;
  let plain = true;

  const current = (): Word => {
    if (!word) {
      word = { text: "", plainLead: "" };
      plain = true;
    }
    return word;
  };

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const next = chars[i + 1];

    if (quote) {
      if (ch === quote.close) quote = undefined;
      else if (ch === "\\" && quote.escapes && next !== undefined && ESCAPABLE.has(next)) {
        current().text += next;
        i++;
      } else current().text += ch;
      continue;
    }

    if (isSpace(ch)) {
      if (word) words.push(word);
      word = undefined;
      continue;
    }

    if (ch === "\\" && next !== undefined && (ESCAPABLE.has(next) || isSpace(next))) {
      current().text += next;
      plain = false;
      i++;
      continue;
    }

    const opening = openingQuote(ch, word);
    if (opening) {
      current();
      quote = opening;
      plain = false;
      continue;
    }

    const w = current();
    w.text += ch;
    if (plain) w.plainLead += ch;
  }

  if (quote) throw new UsageError("Unclosed quote in arguments");
  if (word) words.push(word);
  return words;
}

function openingQuote(ch: string, word: Word | undefined): Quote | undefined {
  if (ch === '"') return DOUBLE_QUOTE;
  const atWordStart = word === undefined || word.text === "" || word.text.endsWith("=");
  if (!atWordStart) return undefined;
  if (ch === "'") return SINGLE_QUOTE;
  if (ch === "\u201C") return CURLY_QUOTE;
  return undefined;
}
