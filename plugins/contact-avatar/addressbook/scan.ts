/**
 * The address book as a stream of cards, each either usable facts or the one
 * line that says why not. Both sources (a file, CardDAV) end up here, so a
 * card means the same whichever way it came.
 */
import { readCards, type CardReaderLimits } from "./cardReader";
import { parseCard, type AddressCard } from "./parseCard";

export interface ScanLimits extends CardReaderLimits {
  /** More numbers than this on one card (a switchboard, a merged mess) is not a person's card: skipped. */
  maxPhones: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = {
  // A 20 MB photo (the image pipeline's limit) is about 27 MB in base64.
  maxCardBytes: 28 * 1024 * 1024,
  maxPhones: 20,
};

export type ScanItem = { kind: "card"; card: AddressCard } | { kind: "problem"; index: number; name?: string; problem: string };

export async function* scanAddressBook(source: AsyncIterable<Buffer | string>, limits: ScanLimits = DEFAULT_SCAN_LIMITS): AsyncGenerator<ScanItem> {
  for await (const raw of readCards(source, limits)) {
    if (raw.kind === "problem") {
      yield raw;
      continue;
    }
    const parsed = parseCard(raw);
    if (!parsed.ok) {
      yield { kind: "problem", index: parsed.index, problem: parsed.problem };
      continue;
    }
    const card = parsed.card;
    if (card.phones.length > limits.maxPhones) {
      yield { kind: "problem", index: card.index, name: card.name, problem: `has ${card.phones.length} phone numbers (at most ${limits.maxPhones}): skipped` };
      continue;
    }
    yield { kind: "card", card };
  }
}

/** "card 14 (Bob Smith)": how messages name a card. */
export function cardLabel(index: number, name: string | undefined): string {
  return name ? `card ${index} (${name})` : `card ${index}`;
}
