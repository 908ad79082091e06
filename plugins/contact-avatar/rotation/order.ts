/**
 * Which image comes next. The position is kept by name, not by index, so
 * that adding or removing files in a folder between runs never makes the
 * rotation jump or repeat.
 */

export const ROTATION_ORDERS = ["sequential", "shuffle"] as const;
export type RotationOrder = (typeof ROTATION_ORDERS)[number];

export interface OrderPosition {
  /** The image tried last (shown or skipped). */
  cursor?: string;
  /** The image shown last: shuffle never shows it twice in a row. */
  lastShown?: string;
  /** Shuffle: the images this cycle has still to show, in order. */
  cycle?: string[];
}

export interface Pick {
  name: string;
  /** The position once `name` is tried. */
  position: OrderPosition;
}

/** A random number in [0, 1); injectable so tests can repeat a sequence. */
export type Random = () => number;

/** "img2" before "img10", case-insensitively: the order people see in a file manager. */
const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export function sortNatural(names: readonly string[]): string[] {
  return [...names].sort(naturalCompare);
}

/** The next image of `names` (not empty) after `position`. */
export function pickNext(order: RotationOrder, names: readonly string[], position: OrderPosition, random: Random = Math.random): Pick {
  if (names.length === 0) throw new Error("pickNext: no images");
  return order === "sequential" ? pickSequential(names, position) : pickShuffled(names, position, random);
}

/** The position once `name` has been shown. */
export function markShown(position: OrderPosition, name: string): OrderPosition {
  return { ...position, lastShown: name };
}

function pickSequential(names: readonly string[], position: OrderPosition): Pick {
  const sorted = sortNatural(names);
  const cursor = position.cursor;
  const name = (cursor === undefined ? undefined : sorted.find((n) => naturalCompare(n, cursor) > 0)) ?? sorted[0];
  return { name, position: { ...position, cursor: name } };
}

/**
 * Every image once per cycle: the cycle is a shuffled copy of the images,
 * consumed from the front. Images removed since are dropped from it; images
 * added join the next cycle. The image shown last is never picked while
 * another is available, which also covers the seam between two cycles.
 */
function pickShuffled(names: readonly string[], position: OrderPosition, random: Random): Pick {
  const present = new Set(names);
  let cycle = (position.cycle ?? []).filter((n) => present.has(n));
  if (cycle.length === 0) cycle = shuffle(sortNatural(names), random);
  const name = cycle.find((n) => n !== position.lastShown) ?? cycle[0];
  return { name, position: { ...position, cursor: name, cycle: cycle.filter((n) => n !== name) } };
}

/** Fisher–Yates on a copy. */
export function shuffle<T>(items: readonly T[], random: Random): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}
