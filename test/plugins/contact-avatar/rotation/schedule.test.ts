import { createTask } from "node-cron";
import { UsageError } from "../../../../src/core/errors";
import { compileCron, nextCronMatch } from "../../../../plugins/contact-avatar/rotation/cronNext";
import { parseSchedule, ScheduleError, shortcutToCron } from "../../../../plugins/contact-avatar/rotation/schedule";

const at = (iso: string) => new Date(iso);
const next = (cron: string, tz: string, after: string) => nextCronMatch(compileCron(cron), tz, at(after))?.toISOString();

describe("shortcuts", () => {
  it.each([
    ["hourly", "0 * * * *"],
    ["daily", "0 0 * * *"],
    ["daily 09:00", "0 9 * * *"],
    ["Daily 7:30", "30 7 * * *"],
    ["every 6h", "0 */6 * * *"],
    ["every 24h", "0 0 * * *"],
    ["every 30m", "*/30 * * * *"],
    ["every 60m", "0 * * * *"],
  ])("should turn %s into %s", (text, cron) => {
    expect(shortcutToCron(text)).toBe(cron);
  });

  it("should leave a cron expression alone", () => {
    expect(shortcutToCron("0 9 * * 1-5")).toBeUndefined();
  });

  it.each(["every 7h", "every 45m", "every 0h", "every often", "daily 25:00", "daily 9:75"])("should refuse %s", (text) => {
    expect(() => shortcutToCron(text)).toThrow(ScheduleError);
  });
});

describe("nextCronMatch", () => {
  it("should find the next daily slot in a time zone, strictly after the instant", () => {
    expect(next("0 9 * * *", "Europe/Berlin", "2025-01-10T07:59:00Z")).toBe("2025-01-10T08:00:00.000Z");
    expect(next("0 9 * * *", "Europe/Berlin", "2025-01-10T08:00:00Z")).toBe("2025-01-11T08:00:00.000Z");
    expect(next("0 9 * * *", "UTC", "2025-01-10T08:59:59.999Z")).toBe("2025-01-10T09:00:00.000Z");
  });

  it("should keep 09:00 local across a DST change", () => {
    // Berlin moves to summer time on 30 March 2025: 09:00 becomes 07:00 UTC.
    expect(next("0 9 * * *", "Europe/Berlin", "2025-03-29T08:30:00Z")).toBe("2025-03-30T07:00:00.000Z");
  });

  it("should not skip the midnight slots after a spring-forward day", () => {
    // New York springs forward on 9 March 2025; the day after starts at 04:00 UTC.
    expect(next("15 0 * * 1", "America/New_York", "2025-03-09T03:00:00Z")).toBe("2025-03-10T04:15:00.000Z");
  });

  it("should honour steps, ranges, weekdays and months", () => {
    expect(next("*/15 * * * *", "UTC", "2025-01-10T10:16:00Z")).toBe("2025-01-10T10:30:00.000Z");
    expect(next("0 8 * * 1-5", "UTC", "2025-01-10T09:00:00Z")).toBe("2025-01-13T08:00:00.000Z"); // Friday → Monday
    expect(next("0 0 1 6 *", "UTC", "2025-01-10T00:00:00Z")).toBe("2025-06-01T00:00:00.000Z");
    expect(next("0 12 29 2 *", "UTC", "2025-03-01T00:00:00Z")).toBe("2028-02-29T12:00:00.000Z");
    expect(next("0 0 * * 7", "UTC", "2025-01-10T00:00:00Z")).toBe("2025-01-12T00:00:00.000Z"); // 7 is Sunday
  });

  it("should work in a zone with a 45-minute offset", () => {
    expect(next("0 9 * * *", "Asia/Kathmandu", "2025-01-10T00:00:00Z")).toBe("2025-01-10T03:15:00.000Z");
  });

  it("should agree with node-cron on many expressions and instants", () => {
    // node-cron's own task (not started) computes from the real now; compare from now.
    for (const cron of ["0 9 * * *", "*/7 * * * *", "30 */3 * * 1,3,5", "0 0 1,15 * *", "5 4 * 2-4 0"]) {
      for (const tz of ["UTC", "Europe/Berlin", "Australia/Sydney"]) {
        const task = createTask(cron, () => undefined, { timezone: tz });
        const expected = task.getNextRuns(3).map((d) => d.toISOString());
        void task.destroy();
        let from = new Date();
        const ours: string[] = [];
        for (let i = 0; i < 3; i++) {
          from = nextCronMatch(compileCron(cron), tz, from)!;
          ours.push(from.toISOString());
        }
        expect({ cron, tz, runs: ours }).toEqual({ cron, tz, runs: expected });
      }
    }
  });
});

describe("parseSchedule", () => {
  const now = at("2025-01-10T12:00:00Z");

  it("should accept a shortcut and keep the words as typed", () => {
    const schedule = parseSchedule("daily   09:00", "Europe/Berlin", now);
    expect(schedule).toMatchObject({ text: "daily 09:00", cron: "0 9 * * *", timezone: "Europe/Berlin" });
    expect(schedule.nextAfter(now)?.toISOString()).toBe("2025-01-11T08:00:00.000Z");
  });

  it.each([
    ["61 * * * *", /not a schedule/],
    ["every day", /"every day" is not understood/],
    ["* * * *", /not a schedule/],
    ["*/10 * * * * *", /not a schedule \(seconds are not supported/],
    ["0 0 L * *", /not supported for rotations/],
    ["", /A schedule is needed/],
  ])("should refuse %p with a clear message", (text, message) => {
    const attempt = () => parseSchedule(text, "UTC", now);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  it("should refuse an unknown time zone", () => {
    expect(() => parseSchedule("hourly", "Mars/Olympus", now)).toThrow(/Unknown time zone "Mars\/Olympus"/);
  });
});
