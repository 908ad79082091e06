/**
 * Phone numbers, the one place they are read. Telegram stores a user's number
 * as digits without "+" ("12025550143"); people type "+1 202 555 0143",
 * "+44 7700 900123" or a local "(202) 555-0143". Everything here turns them
 * into E.164 with libphonenumber-js (Google's numbering metadata, kept
 * current) instead of hand-written rules, reading local numbers in a default
 * region: by default the owner's own country.
 *
 * A number counts when its length fits its country ("possible"), not only
 * when it is in an allocated range ("valid"): the owner is matching numbers
 * already in their address book, and fictional ranges such as UK 07700 900xxx
 * must work too.
 */
import type { CountryCode } from "libphonenumber-js";

export type RegionCode = CountryCode;

type PhoneLibrary = typeof import("libphonenumber-js");
let library: PhoneLibrary | undefined;

/**
 * libphonenumber-js on first use, not at plugin load: its numbering metadata
 * costs tens of ms, and only a command or job that reads a number needs it.
 * Synchronous (a require), as the functions below are.
 */
function phoneLibrary(): PhoneLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  return (library ??= require("libphonenumber-js") as PhoneLibrary);
}

/** A typed phone number: digits with optional "+", spaces, dots, dashes and brackets. */
const PHONE_SHAPE = /^\+?[\d\s().-]+$/;

/**
 * `text` as an E.164 number ("+12025550143"), or undefined when it is not a
 * phone number. A number without "+" (or "00") is read in `defaultRegion`;
 * without a region only international numbers are understood.
 */
export function normalisePhone(text: string, defaultRegion?: RegionCode): string | undefined {
  const trimmed = text.trim().replace(/^00(?=\d)/, "+");
  if (!looksLikePhone(trimmed)) return undefined;
  const international = trimmed.startsWith("+");
  if (!international && !defaultRegion) return undefined;
  const parsed = phoneLibrary().parsePhoneNumberFromString(trimmed, international ? undefined : defaultRegion);
  if (!parsed || !parsed.isPossible()) return undefined;
  return parsed.number;
}

/** Telegram's stored digits ("12025550143") as E.164, or undefined when empty or not a number. */
export function fromTelegramPhone(digits: string | undefined): string | undefined {
  const clean = digits?.replace(/\D/g, "");
  if (!clean) return undefined;
  return normalisePhone(`+${clean}`);
}

/** E.164 as Telegram's methods take it (contacts.resolvePhone): digits only. */
export function toTelegramDigits(e164: string): string {
  return e164.replace(/\D/g, "");
}

/** Whether `word` is shaped like a typed phone number (at least 5 digits), whatever its region. */
export function looksLikePhone(word: string): boolean {
  const trimmed = word.trim();
  return PHONE_SHAPE.test(trimmed) && trimmed.replace(/\D/g, "").length >= 5;
}

/**
 * The region a number belongs to: "US" for +1 202 555 0143, "GB" for
 * +44 7700 900123 (a calling code's main country when the range is not
 * allocated). Takes E.164 or Telegram's digits. The owner's number gives the
 * default region for local numbers.
 */
export function regionOfPhone(phone: string | undefined): RegionCode | undefined {
  const digits = phone?.replace(/\D/g, "");
  if (!digits) return undefined;
  const parsed = phoneLibrary().parsePhoneNumberFromString(`+${digits}`);
  return parsed?.country ?? parsed?.getPossibleCountries()[0];
}

/** A typed region ("gb", "US") as a region code, or undefined when libphonenumber-js has no numbering plan for it. */
export function parseRegion(text: string): RegionCode | undefined {
  const code = text.trim().toUpperCase();
  return phoneLibrary().isSupportedCountry(code) ? code : undefined;
}

/** The last digits of a number, to tell candidates apart without printing whole numbers ("…0143"). */
export function phoneTail(e164: string | undefined, digits = 4): string | undefined {
  if (!e164) return undefined;
  return `…${e164.replace(/\D/g, "").slice(-digits)}`;
}
