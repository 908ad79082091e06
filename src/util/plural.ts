/** "1 card", "3 cards": counts in answers read as a person writes them (regular English plurals only). */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
