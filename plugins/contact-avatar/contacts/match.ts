/**
 * Finding a contact by the name the owner saved for them: "Bob", "bob smith",
 * "Zoë" typed as "zoe". Pure functions over a list, so the rules are tested
 * without Telegram. A name that fits several contacts is never guessed.
 */
import { phoneTail } from "./phone";

export interface ContactCard {
  id: bigint;
  firstName?: string;
  lastName?: string;
  username?: string;
  /** E.164, when Telegram shows the number. */
  phone?: string;
}

export type NameMatch<C extends ContactCard> = { kind: "one"; contact: C } | { kind: "several"; contacts: C[] } | { kind: "none"; closest: C[] };

/** Lower case, accents and other marks removed, spaces collapsed: "  Zoë  O'Neil " → "zoe o'neil". */
export function foldName(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase("en").replace(/\s+/g, " ").trim();
}

export function fullName(card: ContactCard): string {
  return [card.firstName, card.lastName].filter(Boolean).join(" ");
}

/** The ways a card may be named: "first last", "last first", first, last. */
function namesOf(card: ContactCard): { whole: string[]; parts: string[] } {
  const first = foldName(card.firstName ?? "");
  const last = foldName(card.lastName ?? "");
  const whole = first && last ? [`${first} ${last}`, `${last} ${first}`] : [first || last].filter(Boolean);
  return { whole, parts: [first, last].filter(Boolean) };
}

/**
 * The contacts `query` names. A whole-name match ("bob smith") beats a match
 * of the first or last name alone ("smith"), so "Bob" finds Bob even beside
 * "Bob Smith"; otherwise every contact with that first or last name is a
 * candidate. No match: the closest names, by edit distance, for "did you mean".
 */
export function matchName<C extends ContactCard>(query: string, contacts: readonly C[]): NameMatch<C> {
  const wanted = foldName(query);
  if (!wanted) return { kind: "none", closest: [] };
  const whole = contacts.filter((c) => namesOf(c).whole.includes(wanted));
  const found = whole.length > 0 ? whole : contacts.filter((c) => namesOf(c).parts.includes(wanted));
  if (found.length === 1) return { kind: "one", contact: found[0] };
  if (found.length > 1) return { kind: "several", contacts: found };
  return { kind: "none", closest: closestNames(wanted, contacts) };
}

/** Up to `limit` contacts whose name is within a few typos of `wanted` (already folded). */
export function closestNames<C extends ContactCard>(wanted: string, contacts: readonly C[], limit = 3): C[] {
  const allowed = Math.max(1, Math.min(3, Math.floor(wanted.length / 3)));
  return contacts
    .map((c) => {
      const { whole, parts } = namesOf(c);
      return { c, distance: Math.min(...[...whole, ...parts].map((n) => editDistance(wanted, n))) };
    })
    .filter((x) => x.distance <= allowed)
    .sort((a, b) => a.distance - b.distance || fullName(a.c).localeCompare(fullName(b.c)))
    .slice(0, limit)
    .map((x) => x.c);
}

/** How the owner is shown a candidate: "Bob Smith (@bobsmith, …0143)". */
export function describeCandidate(card: ContactCard): string {
  const extra = [card.username ? `@${card.username}` : undefined, phoneTail(card.phone)].filter(Boolean);
  const name = fullName(card) || `user ${card.id}`;
  return extra.length ? `${name} (${extra.join(", ")})` : name;
}

/** Edit distance counting a swap of two neighbours as one typo (optimal string alignment), over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}
