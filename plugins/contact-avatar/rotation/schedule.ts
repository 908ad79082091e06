/**
 * A rotation's schedule: a cron expression or a readable shortcut, and the
 * time zone it is read in. Every problem is a UsageError that says what to
 * type instead, so `.rotation add` can refuse before anything is saved.
 */
import { z } from "zod";
import { UsageError } from "contact-userbot/sdk";
import { compileCron, CronSyntaxError, nextCronMatch, type CompiledCron } from "./cronNext";

/** What is stored: the words as typed (shown back to the user), their cron form and the zone. */
export interface ScheduleSpec {
  text: string;
  cron: string;
  timezone: string;
}

export interface Schedule extends ScheduleSpec {
  /** The first run strictly after `after`; undefined if the expression never matches again. */
  nextAfter(after: Date): Date | undefined;
}

export class ScheduleError extends UsageError {
  override name = "ScheduleError";
}

export const SCHEDULE_FORMS = 'a cron expression ("0 9 * * *"), "hourly", "daily 09:00" or "every 6h" / "every 30m"';

/** The shortcuts as cron; undefined when `text` is not a shortcut. */
export function shortcutToCron(text: string): string | undefined {
  const words = text.trim().toLowerCase().split(/\s+/);
  if (words.length === 1 && words[0] === "hourly") return "0 * * * *";
  if (words[0] === "daily" && words.length <= 2) {
    const [hour, minute] = words.length === 1 ? [0, 0] : parseClock(words[1]);
    return `${minute} ${hour} * * *`;
  }
  if (words[0] === "every" && words.length === 2) return everyToCron(words[1]);
  return undefined;
}

function parseClock(word: string): [number, number] {
  const match = /^(\d{1,2})(?::(\d{2}))?$/.exec(word);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2] ?? 0);
  if (!match || hour > 23 || minute > 59) throw new ScheduleError(`"${word}" is not a time of day: use HH:MM, e.g. "daily 09:00".`);
  return [hour, minute];
}

/**
 * Cron steps restart at each hour or day, so only steps that divide it give
 * evenly spaced runs ("every 7h" would run at 0, 7, 14, 21 and again at 0):
 * the others are refused rather than silently uneven.
 */
function everyToCron(word: string): string {
  const match = /^(\d+)\s*(m|min|h)$/.exec(word);
  const amount = Number(match?.[1]);
  if (!match || amount < 1) throw new ScheduleError(`"every ${word}" is not understood: use e.g. "every 6h" or "every 30m".`);
  if (match[2] === "h") {
    if (24 % amount !== 0) throw new ScheduleError(`"every ${word}": the hours must divide 24 (1, 2, 3, 4, 6, 8, 12 or 24).`);
    return amount === 24 ? "0 0 * * *" : `0 */${amount} * * *`;
  }
  if (60 % amount !== 0) throw new ScheduleError(`"every ${word}": the minutes must divide 60 (e.g. 5, 10, 15, 20, 30).`);
  return amount === 60 ? "0 * * * *" : `*/${amount} * * * *`;
}

export function checkTimezone(timezone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    throw new ScheduleError(`Unknown time zone "${timezone}": use an IANA name such as "Europe/Berlin" or "UTC".`);
  }
}

/** Checks the text and the zone; `now` is used to make sure the schedule runs at all. */
export function parseSchedule(text: string, timezone: string, now: Date = new Date()): Schedule {
  const trimmed = text.trim().replace(/\s+/g, " ");
  if (!trimmed) throw new ScheduleError(`A schedule is needed: ${SCHEDULE_FORMS}.`);
  const zone = checkTimezone(timezone);
  const cron = shortcutToCron(trimmed) ?? trimmed;
  let compiled: CompiledCron;
  try {
    compiled = compileCron(cron);
  } catch (err) {
    if (!(err instanceof CronSyntaxError)) throw err;
    throw new ScheduleError(`"${trimmed}" is not a schedule (${err.message}). Use ${SCHEDULE_FORMS}.`);
  }
  if (!nextCronMatch(compiled, zone, now)) throw new ScheduleError(`"${trimmed}" never runs.`);
  return { text: trimmed, cron, timezone: zone, nextAfter: (after) => nextCronMatch(compiled, zone, after) };
}

/** A stored spec back into a schedule (stored specs were checked when saved). */
export function scheduleOf(spec: ScheduleSpec): Schedule {
  const compiled = compileCron(spec.cron);
  return { ...spec, nextAfter: (after) => nextCronMatch(compiled, spec.timezone, after) };
}

/** "Mon 24 Jun, 09:00 (Europe/Berlin)": how a run time is shown in the chat. */
export function formatLocal(date: Date, timezone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
  return `${text} (${timezone})`;
}

/** For settings: an IANA zone, with the same message as a command gets. */
export const timezoneSchema = z.string().superRefine((value, ctx) => {
  try {
    checkTimezone(value);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
});
