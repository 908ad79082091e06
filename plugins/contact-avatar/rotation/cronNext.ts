/**
 * The next time a cron expression matches, in a time zone, after any given
 * instant.
 *
 * Why our own: node-cron v4 computes next runs only from the real "now"
 * (`getNextRun()`), and its matcher is not exported; rotations need it from
 * an arbitrary instant (an injectable clock for tests, catch-up after a
 * restart). Field parsing stays node-cron's (`parse`), so the syntax a
 * rotation accepts is the scheduler's; only the walk is ours.
 *
 * The walk moves through local wall-clock time with the largest step that
 * cannot skip a match: to the next local midnight when the day does not
 * match, to the next hour when the hour does not, to the next listed minute
 * otherwise. A yearly schedule costs a few hundred steps, a daily one a few.
 */
import { parse, type ParsedFields } from "node-cron";

/** node-cron syntax we refuse for rotations (see compileCron). */
export class CronSyntaxError extends Error {
  override name = "CronSyntaxError";
}

export interface CompiledCron {
  readonly minutes: readonly number[];
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
}

const MINUTE = 60_000;
/** Enough steps for any expression that matches at least once in about four years (29 February). */
const MAX_STEPS = 40_000;

/** Throws CronSyntaxError with node-cron's reason, or ours for what rotations do not support. */
export function compileCron(expression: string): CompiledCron {
  let fields: ParsedFields;
  try {
    fields = parse(expression);
  } catch (err) {
    throw new CronSyntaxError((err as Error).message);
  }
  // Rotations change photos, which Telegram rate-limits: a per-second field makes no sense.
  if (fields.second.length !== 1 || fields.second[0] !== 0) {
    throw new CronSyntaxError("seconds are not supported: use 5 fields (minute hour day month weekday)");
  }
  const numbers = (values: (number | string)[], field: string): number[] => {
    const special = values.find((v) => typeof v === "string");
    if (special !== undefined) throw new CronSyntaxError(`"${special}" in the ${field} field is not supported for rotations`);
    return values as number[];
  };
  return {
    minutes: [...fields.minute].sort((a, b) => a - b),
    hours: new Set(fields.hour),
    days: new Set(numbers(fields.dayOfMonth, "day-of-month")),
    months: new Set(fields.month),
    weekdays: new Set(numbers(fields.dayOfWeek, "day-of-week").map((d) => d % 7)),
  };
}

/** The first matching minute strictly after `after`, or undefined if none within about four years. */
export function nextCronMatch(cron: CompiledCron, timezone: string, after: Date): Date | undefined {
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let step = 0; step < MAX_STEPS; step++) {
    const local = localTime(t, timezone);
    if (!cron.months.has(local.month) || !cron.days.has(local.day) || !cron.weekdays.has(local.weekday)) {
      t = nextLocalMidnight(t, local, timezone);
      continue;
    }
    if (!cron.hours.has(local.hour)) {
      t += (60 - local.minute) * MINUTE;
      continue;
    }
    const minute = cron.minutes.find((m) => m >= local.minute);
    if (minute === undefined) {
      t += (60 - local.minute) * MINUTE;
      continue;
    }
    if (minute > local.minute) {
      t += (minute - local.minute) * MINUTE;
      continue;
    }
    return new Date(t);
  }
  return undefined;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

/**
 * Adding the minutes left in the local day lands on the next midnight except
 * across a DST change (23:00 or 01:00). 01:00 is pulled back to midnight so
 * the 00:xx slots of that day are not skipped; 23:00 is left for the next
 * step. The pull-back is dropped if it would not move forward (a zone whose
 * midnight does not exist that day).
 */
function nextLocalMidnight(t: number, local: LocalTime, timezone: string): number {
  const target = t + ((23 - local.hour) * 60 + (60 - local.minute)) * MINUTE;
  const landed = localTime(target, timezone);
  if (landed.day === local.day || (landed.hour === 0 && landed.minute === 0)) return target;
  const pulledBack = target - (landed.hour * 60 + landed.minute) * MINUTE;
  return pulledBack > t && localTime(pulledBack, timezone).day === landed.day ? pulledBack : target;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

function localTime(t: number, timezone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timezone).formatToParts(t)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute } = parts;
  return { year, month, day, hour, minute, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}
