/**
 * Reads a whole address book for matching, which needs every card's name and
 * numbers before any card can be matched (a name is only used when unique).
 * Photos are kept only for cards that could match one of the contacts at all
 * (a number or the full name in common); the rest are dropped as they stream
 * by, so memory follows the owner's contacts, not the size of the file.
 */
import type { ContactEntry } from "./match";
import { nameKey } from "./match";
import type { AddressCard } from "./parseCard";
import type { PhoneNormaliser } from "./phones";
import { cardLabel, DEFAULT_SCAN_LIMITS, scanAddressBook, type ScanLimits } from "./scan";

export interface GatheredBook {
  cards: AddressCard[];
  problems: string[];
  allNames: (string | undefined)[];
}

export async function gatherCards(
  source: AsyncIterable<Buffer | string>,
  contacts: readonly ContactEntry[],
  normalise: PhoneNormaliser,
  limits: ScanLimits = DEFAULT_SCAN_LIMITS,
): Promise<GatheredBook> {
  const phones = new Set(contacts.flatMap((c) => (c.phone ? [normalise(`+${c.phone.replace(/^\+/, "")}`)] : [])).filter(Boolean));
  const names = new Set(contacts.map((c) => nameKey(`${c.firstName} ${c.lastName}`)));
  const book: GatheredBook = { cards: [], problems: [], allNames: [] };
  for await (const item of scanAddressBook(source, limits)) {
    if (item.kind === "problem") {
      book.problems.push(`${cardLabel(item.index, item.name)} ${item.problem}`);
      continue;
    }
    const card = item.card;
    book.allNames.push(card.name);
    const couldMatch = card.phones.some((p) => phones.has(normalise(p))) || (card.name !== undefined && names.has(nameKey(card.name)));
    // A card that matches no one still counts (and shows as "no Telegram contact"); its photo is not needed.
    book.cards.push(couldMatch || card.photo?.kind !== "embedded" ? card : { ...card, photo: { kind: "embedded", bytes: Buffer.alloc(0) } });
  }
  return book;
}
