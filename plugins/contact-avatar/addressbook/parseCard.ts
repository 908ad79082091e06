/**
 * One raw card → the facts an import needs: a name, phone numbers, a photo.
 *
 * The vCard grammar (2.1, 3.0, 4.0; folded lines, parameters, groups) is
 * node-vcf's job (`vcf` on npm). ical.js was weighed first and refuses 2.1
 * cards outright ("Invalid parameters in 'TEL;CELL:…'"), which is what
 * Android and Outlook export; vcard4 reads only 4.0. vcf leaves values as
 * written, so what 2.1 adds on top (quoted-printable with a CHARSET, soft
 * line breaks) and text escapes are decoded here.
 */
import { TextDecoder } from "node:util";
import type vCard from "vcf";
import { decodeQuotedPrintable, joinQuotedPrintableSoftBreaks } from "./quotedPrintable";
import type { RawCard } from "./cardReader";

export type CardPhoto =
  /** Embedded (ENCODING=b / BASE64, or a data: URI), already decoded. */
  { kind: "embedded"; bytes: Buffer } | { kind: "link"; url: string };

export interface AddressCard {
  index: number;
  version: string;
  /** FN, or the given and family names of N; undefined when the card has neither. */
  name: string | undefined;
  /** The TEL values as written (normalised only at matching time). */
  phones: string[];
  photo: CardPhoto | undefined;
  /** What the card says PHOTO is when it cannot be used (an unknown scheme, bad base64). */
  photoProblem?: string;
  /** The card's identity across runs: UID when it has one, else its name. */
  key: string;
}

export type ParsedCard = { ok: true; card: AddressCard } | { ok: false; index: number; problem: string };

const UTF8 = new TextDecoder("utf-8", { fatal: true });

let VCard: typeof vCard | undefined;

/** The vCard parser on the first card, not at plugin load: an address book import is rare, start-up is every time. */
function vCardParser(): vCard {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  VCard ??= require("vcf") as typeof vCard;
  return new VCard();
}

export function parseCard(raw: RawCard): ParsedCard {
  let text: string;
  try {
    text = UTF8.decode(raw.bytes);
  } catch {
    return { ok: false, index: raw.index, problem: "is not valid UTF-8 text" };
  }
  let parsed: vCard;
  try {
    parsed = vCardParser().parse(joinQuotedPrintableSoftBreaks(text));
  } catch (err) {
    return { ok: false, index: raw.index, problem: `cannot be read (${shortReason(err)})` };
  }
  const name = nameOf(parsed);
  const phones = all(parsed, "tel")
    .map(phoneText)
    .filter((p) => p !== "");
  const photo = photoOf(parsed);
  const uid = first(parsed, "uid");
  const key = uid ? `uid:${textValue(uid)}` : name ? `name:${name.toLowerCase()}` : `card:${raw.index}`;
  return {
    ok: true,
    card: { index: raw.index, version: parsed.version, name, phones, photo: photo.photo, photoProblem: photo.problem, key },
  };
}

function all(card: vCard, key: string): vCard.Property[] {
  const value = card.get(key);
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function first(card: vCard, key: string): vCard.Property | undefined {
  return all(card, key)[0];
}

function param(prop: vCard.Property, name: string): string | undefined {
  const value = prop[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

/** A text value with 2.1's quoted-printable undone and vCard's escapes (\, \; \n \\) resolved. */
function textValue(prop: vCard.Property): string {
  let value = prop.valueOf();
  if (/^quoted-printable$/i.test(param(prop, "encoding") ?? "")) value = decodeQuotedPrintable(value, param(prop, "charset"));
  return value;
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_, c: string) => (c === "n" || c === "N" ? " " : c));
}

function nameOf(card: vCard): string | undefined {
  const fn = first(card, "fn");
  const full = fn ? tidy(unescapeText(textValue(fn))) : "";
  if (full !== "") return full;
  const n = first(card, "n");
  if (!n) return undefined;
  // N: family;given;additional;prefix;suffix
  const [family = "", given = "", additional = ""] = splitComponents(textValue(n));
  const joined = tidy([given, additional, family].join(" "));
  return joined === "" ? undefined : joined;
}

function splitComponents(value: string): string[] {
  return value.split(/(?<!\\);/).map(unescapeText);
}

function tidy(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** "tel:+33-6-12;ext=4" → "+33-6-12": the number part of a 4.0 tel URI, or the 2.1/3.0 text. */
function phoneText(prop: vCard.Property): string {
  const value = textValue(prop).trim();
  const number = value.replace(/^tel:/i, "").split(";")[0];
  return number.trim();
}

function photoOf(card: vCard): { photo?: CardPhoto; problem?: string } {
  const prop = first(card, "photo");
  if (!prop) return {};
  const value = prop.valueOf().trim();
  const encoding = (param(prop, "encoding") ?? "").toLowerCase();
  if (encoding === "b" || encoding === "base64") return decodeBase64(value);
  if (/^data:/i.test(value)) return decodeDataUri(value);
  if (/^https?:\/\//i.test(value)) return { photo: { kind: "link", url: value } };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (scheme) return { problem: `its PHOTO is a ${scheme}: link (only http, https and embedded photos can be used)` };
  // Some exporters (old Outlook) leave out ENCODING for embedded photos.
  if (/^[A-Za-z0-9+/=\s]{16,}$/.test(value)) return decodeBase64(value);
  return { problem: "its PHOTO is neither embedded nor a link" };
}

function decodeBase64(text: string): { photo?: CardPhoto; problem?: string } {
  const compact = text.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return { problem: "its PHOTO is not valid base64" };
  const bytes = Buffer.from(compact, "base64");
  if (bytes.length === 0) return { problem: "its PHOTO is empty" };
  return { photo: { kind: "embedded", bytes } };
}

function decodeDataUri(uri: string): { photo?: CardPhoto; problem?: string } {
  const comma = uri.indexOf(",");
  if (comma === -1) return { problem: "its PHOTO data: URI has no data" };
  const header = uri.slice(5, comma);
  const data = uri.slice(comma + 1);
  if (/;base64$/i.test(header)) return decodeBase64(data);
  const bytes = Buffer.from(decodeURIComponent(data), "latin1");
  return bytes.length === 0 ? { problem: "its PHOTO is empty" } : { photo: { kind: "embedded", bytes } };
}

function shortReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^Invalid vCard: /, "").slice(0, 80);
}
