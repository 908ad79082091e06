/**
 * Human-readable durations for chat answers and logs ("4 min 10 s", "850 ms"),
 * and the short form people type in config files ("6h", "1h30m").
 */

const UNITS = [
  { label: "d", seconds: 86_400 },
  { label: "h", seconds: 3_600 },
  { label: "min", seconds: 60 },
  { label: "s", seconds: 1 },
] as const;

/**
 * "4 min 10 s", "45 s", "2 h 5 min", "1 d 3 h", "0 s".
 *
 * Shows the largest unit and the one right below it, leaving out a zero part:
 * a wait of 1 d 0 h 7 min reads "1 d"; minutes do not matter at that scale.
 * Fractions round *up* to whole seconds, because the main use is telling
 * someone how long to wait, and "0 s" for a 0.4 s flood wait would be a lie.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "0 s";
  let rest = Math.ceil(seconds);
  const largest = UNITS.findIndex((unit) => rest >= unit.seconds);
  const parts: string[] = [];
  for (const unit of UNITS.slice(largest, largest + 2)) {
    const count = Math.floor(rest / unit.seconds);
    rest -= count * unit.seconds;
    if (count > 0) parts.push(`${count} ${unit.label}`);
  }
  return parts.join(" ");
}

/** Short timings: "850 ms", "1.2 s", "3 s"; a minute or more as formatDuration. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return "0 ms";
  const wholeMs = Math.round(ms);
  if (wholeMs < 1000) return `${wholeMs} ms`;
  const tenthsOfSecond = Math.round(ms / 100) / 10;
  if (tenthsOfSecond < 60) return `${tenthsOfSecond} s`;
  return formatDuration(Math.round(ms / 1000));
}

const UNIT_SECONDS: Record<string, number> = {
  d: 86_400,
  h: 3_600,
  m: 60,
  min: 60,
  s: 1,
  sec: 1,
};

/** One number-with-unit part, e.g. "1.5h" or "30 min". */
const PART = /(\d+(?:\.\d+)?)\s*(d|h|min|m|sec|s)(?![a-z])/gy;

/**
 * "6h" → 21600, "30m" → 1800, "90s" → 90, "1d" → 86400, "1h30m" → 5400.
 * Case and spaces between parts do not matter. A bare number has no unit and
 * is refused (undefined) rather than guessed. Result in whole seconds.
 */
export function parseDuration(text: string): number | undefined {
  const input = text.trim().toLowerCase();
  if (input === "") return undefined;
  let total = 0;
  let position = 0;
  while (position < input.length) {
    PART.lastIndex = position;
    const match = PART.exec(input);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_SECONDS[match[2]] ?? 0);
    position = PART.lastIndex;
    while (input[position] === " ") position++;
  }
  return Math.round(total);
}
