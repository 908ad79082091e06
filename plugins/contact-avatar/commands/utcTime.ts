/** "2026-12-02 01:40 UTC": how answers date a photo or a change (the minute is enough, and UTC is never ambiguous). */
export function utcMinute(date: Date | number): string {
  const when = typeof date === "number" ? new Date(date * 1000) : date;
  return `${when.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "1 change", "2 changes". */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
