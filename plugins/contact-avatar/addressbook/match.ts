/**
 * Which Telegram contact each address-book card is: pure, so the rules can be
 * tested on lists alone.
 *
 * By phone first (any of the card's numbers, normalised, against the
 * contact's number), then by full name only where the name belongs to exactly
 * one card and exactly one contact. Anything less certain is "ambiguous" and
 * listed, never applied: a wrong personal photo on someone is worse than none.
 * Only the owner's contacts are candidates, so a non-contact never matches.
 */
import type { AddressCard } from "./parseCard";
import type { PhoneNormaliser } from "./phones";

export interface ContactEntry {
  /** Telegram user id, as a decimal string. */
  id: string;
  firstName: string;
  lastName: string;
  /** Digits without "+", as Telegram gives them; empty or undefined when hidden. */
  phone?: string;
}

export type CardMatch =
  | { kind: "phone"; card: AddressCard; contact: ContactEntry }
  | { kind: "name"; card: AddressCard; contact: ContactEntry }
  | { kind: "ambiguous"; card: AddressCard; why: string; candidates: ContactEntry[] }
  | { kind: "unmatched"; card: AddressCard };

/**
 * Matches `cards` (those worth matching: with a usable photo) against
 * `contacts`. `allCardNames` holds the names of every card in the address
 * book, photo or not, so that a name shared with a card without a photo is
 * not taken as unique.
 */
export function matchCards(
  cards: readonly AddressCard[],
  contacts: readonly ContactEntry[],
  normalise: PhoneNormaliser,
  allCardNames: readonly (string | undefined)[] = cards.map((c) => c.name),
): CardMatch[] {
  const byPhone = new Map<string, ContactEntry[]>();
  const byName = new Map<string, ContactEntry[]>();
  for (const contact of contacts) {
    // Telegram's digits are always international: never read them in the owner's region.
    const phone = contact.phone ? normalise(`+${contact.phone.replace(/^\+/, "")}`) : undefined;
    if (phone) push(byPhone, phone, contact);
    const name = nameKey(`${contact.firstName} ${contact.lastName}`);
    if (name) push(byName, name, contact);
  }
  const cardNameCount = new Map<string, number>();
  for (const name of allCardNames) {
    const key = name ? nameKey(name) : undefined;
    if (key) cardNameCount.set(key, (cardNameCount.get(key) ?? 0) + 1);
  }

  const first = cards.map((card) => matchOne(card, byPhone, byName, cardNameCount, normalise));
  return refuseSharedContacts(first);
}

function matchOne(
  card: AddressCard,
  byPhone: Map<string, ContactEntry[]>,
  byName: Map<string, ContactEntry[]>,
  cardNameCount: Map<string, number>,
  normalise: PhoneNormaliser,
): CardMatch {
  const found = new Map<string, ContactEntry>();
  for (const phone of card.phones) {
    const key = normalise(phone);
    for (const contact of key ? (byPhone.get(key) ?? []) : []) found.set(contact.id, contact);
  }
  if (found.size === 1) return { kind: "phone", card, contact: [...found.values()][0] };
  if (found.size > 1) return { kind: "ambiguous", card, why: "its numbers belong to several contacts", candidates: [...found.values()] };

  const key = card.name ? nameKey(card.name) : undefined;
  if (!key) return { kind: "unmatched", card };
  const named = byName.get(key) ?? [];
  if (named.length === 0) return { kind: "unmatched", card };
  if (named.length > 1) return { kind: "ambiguous", card, why: "several contacts have this name", candidates: named };
  if ((cardNameCount.get(key) ?? 0) > 1) return { kind: "ambiguous", card, why: "several cards have this name", candidates: named };
  return { kind: "name", card, contact: named[0] };
}

/** Two cards landing on one contact: which photo is theirs is a guess, so neither is applied. */
function refuseSharedContacts(matches: CardMatch[]): CardMatch[] {
  const cardsPerContact = new Map<string, number>();
  for (const m of matches) if (m.kind === "phone" || m.kind === "name") cardsPerContact.set(m.contact.id, (cardsPerContact.get(m.contact.id) ?? 0) + 1);
  return matches.map((m) =>
    (m.kind === "phone" || m.kind === "name") && (cardsPerContact.get(m.contact.id) ?? 0) > 1
      ? { kind: "ambiguous", card: m.card, why: "another card matches the same contact", candidates: [m.contact] }
      : m,
  );
}

/** Case-, accent- and spacing-insensitive: "José  GARCÍA" and "jose garcia" are one name. */
export function nameKey(name: string): string {
  return name.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
