import { ConfigError } from "../../src/core/errors";
import { createLogger } from "../../src/log/logger";
import { CronScheduler, UnknownJobError } from "../../src/scheduler/cronScheduler";

/** A promise the test settles by hand. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once the scheduler has logged a line matching `pattern` (its report that it skipped a run, say). */
async function logged(pattern: RegExp, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!lines.some((line) => pattern.test(line))) {
    if (Date.now() > deadline) throw new Error(`no log line matching ${pattern}; lines:\n${lines.join("\n")}`);
    await sleep(10);
  }
}

/** A far-away schedule, so only runNow() starts these jobs. */
const YEARLY = "0 0 1 1 *";

let lines: string[];
let scheduler: CronScheduler;

beforeEach(() => {
  lines = [];
  scheduler = new CronScheduler({ log: createLogger({ level: "debug", write: (line) => lines.push(line) }) });
});

afterEach(async () => {
  await scheduler.stopAll(1000);
});

describe("CronScheduler.register", () => {
  it.each(["not cron", "61 * * * *", "* * *", "", "* * * * * * *", "0 25 * * *"])(
    "should refuse the cron expression %p with a ConfigError naming job and value",
    (cron) => {
      const register = () => scheduler.register("weather", { name: "refresh", cron, run: () => undefined });
      expect(register).toThrow(ConfigError);
      expect(register).toThrow(`Invalid cron expression "${cron}" for job "refresh" of weather`);
    },
  );

  it("should refuse an unknown time zone with a ConfigError naming job and zone", () => {
    const register = () => scheduler.register("weather", { name: "refresh", cron: YEARLY, timezone: "Mars/Olympus", run: () => undefined });
    expect(register).toThrow(ConfigError);
    expect(register).toThrow(/"Mars\/Olympus" for job "refresh" of weather/);
  });

  it("should refuse an unknown default time zone", () => {
    expect(() => new CronScheduler({ log: createLogger({ level: "silent" }), defaultTimezone: "Nowhere" })).toThrow(ConfigError);
  });

  it("should refuse a job name registered twice by one owner, but allow it for another owner", () => {
    scheduler.register("a", { name: "tick", cron: YEARLY, run: () => undefined });
    expect(() => scheduler.register("a", { name: "tick", cron: YEARLY, run: () => undefined })).toThrow('a registers the job "tick" twice');
    expect(() => scheduler.register("b", { name: "tick", cron: YEARLY, run: () => undefined })).not.toThrow();
  });

  it("should allow registering a name again after its owner was stopped (plugin reload)", () => {
    scheduler.register("a", { name: "tick", cron: YEARLY, run: () => undefined });
    scheduler.stopOwner("a");
    expect(() => scheduler.register("a", { name: "tick", cron: YEARLY, run: () => undefined })).not.toThrow();
  });

  it("should report the next run in the job's time zone", () => {
    const handle = scheduler.register("a", { name: "morning", cron: "0 9 * * *", timezone: "Asia/Tokyo", run: () => undefined });
    const next = handle.nextRun();
    expect(next).toBeInstanceOf(Date);
    expect(next!.getTime()).toBeGreaterThan(Date.now());
    expect(next!.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(next!.getUTCHours()).toBe(0); // 09:00 in Tokyo (UTC+9, no DST)
    expect(next!.getUTCMinutes()).toBe(0);
  });

  it("should use the default time zone for jobs that name none", () => {
    const zoned = new CronScheduler({ log: createLogger({ level: "silent" }), defaultTimezone: "America/Sao_Paulo" });
    try {
      const handle = zoned.register("a", { name: "noon", cron: "0 12 * * *", run: () => undefined });
      expect(handle.nextRun()!.getUTCHours()).toBe(15); // 12:00 in São Paulo (UTC-3, no DST since 2019)
    } finally {
      void zoned.stopAll();
    }
  });
});

describe("CronScheduler runs", () => {
  it("should not start a second run while one is in flight; runNow then waits for that run", async () => {
    const release = deferred();
    let starts = 0;
    scheduler.register("a", {
      name: "slow",
      cron: YEARLY,
      run: async () => {
        starts++;
        await release.promise;
      },
    });
    const first = scheduler.runNow("a", "slow");
    let secondSettled = false;
    const second = scheduler.runNow("a", "slow").then(() => (secondSettled = true));
    // The scheduler's own report that it skipped the second run, not a fixed wait.
    await logged(/DEBUG.*skipping.*job=slow/);
    expect(starts).toBe(1);
    expect(secondSettled).toBe(false);
    expect(lines.some((line) => line.includes("DEBUG") && line.includes("skipping") && line.includes("job=slow"))).toBe(true);

    release.resolve();
    await Promise.all([first, second]);
    expect(starts).toBe(1);

    await scheduler.runNow("a", "slow");
    expect(starts).toBe(2);
  });

  it("should log a throwing or rejecting run as an error with owner and job, and run the job again", async () => {
    let calls = 0;
    scheduler.register("weather", {
      name: "refresh",
      cron: YEARLY,
      run: () => {
        calls++;
        if (calls === 1) throw new Error("sync failure");
        if (calls === 2) return Promise.reject(new TypeError("async failure"));
        return undefined;
      },
    });
    await expect(scheduler.runNow("weather", "refresh")).resolves.toBeUndefined();
    await expect(scheduler.runNow("weather", "refresh")).resolves.toBeUndefined();
    await scheduler.runNow("weather", "refresh");
    expect(calls).toBe(3);
    const errors = lines.filter((line) => line.includes(" ERROR "));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/owner=weather job=refresh .*error="Error: sync failure"\n {4}at /);
    expect(errors[1]).toContain('error="TypeError: async failure"');
  });

  it("should reject runNow for a job that does not exist", async () => {
    await expect(scheduler.runNow("nobody", "nothing")).rejects.toThrow(UnknownJobError);
  });

  it("should stop only the given owner's jobs and abort their signal", async () => {
    const signals: Record<string, AbortSignal> = {};
    const release = deferred();
    const handleA = scheduler.register("a", {
      name: "job",
      cron: YEARLY,
      run: async (signal) => {
        signals.a = signal;
        await release.promise;
      },
    });
    const handleB = scheduler.register("b", {
      name: "job",
      cron: YEARLY,
      run: (signal) => {
        signals.b = signal;
      },
    });
    const runA = scheduler.runNow("a", "job");
    await scheduler.runNow("b", "job");

    scheduler.stopOwner("a");
    expect(signals.a.aborted).toBe(true);
    expect(signals.b.aborted).toBe(false);
    expect(handleA.nextRun()).toBeUndefined();
    expect(handleB.nextRun()).toBeInstanceOf(Date);
    await expect(scheduler.runNow("a", "job")).rejects.toThrow(UnknownJobError);
    await expect(scheduler.runNow("b", "job")).resolves.toBeUndefined();

    release.resolve();
    await runA;
  });

  it("should stop a single job through its handle", async () => {
    let signal: AbortSignal | undefined;
    const handle = scheduler.register("a", { name: "one", cron: YEARLY, run: (s) => void (signal = s) });
    scheduler.register("a", { name: "two", cron: YEARLY, run: () => undefined });
    await scheduler.runNow("a", "one");
    handle.stop();
    expect(signal!.aborted).toBe(true);
    await expect(scheduler.runNow("a", "one")).rejects.toThrow(UnknownJobError);
    await expect(scheduler.runNow("a", "two")).resolves.toBeUndefined();
  });

  it("should make stopAll wait for a run in flight to finish", async () => {
    let finished = false;
    scheduler.register("a", {
      name: "cooperative",
      cron: YEARLY,
      run: async (signal) => {
        await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve()));
        await sleep(150); // cleaning up after the abort takes a while
        finished = true;
      },
    });
    const run = scheduler.runNow("a", "cooperative");
    await sleep(20);
    await scheduler.stopAll();
    expect(finished).toBe(true);
    await run;
  });

  it("should give up waiting at the timeout for a run that ignores its signal, and warn", async () => {
    const release = deferred();
    scheduler.register("a", { name: "stubborn", cron: YEARLY, run: () => release.promise });
    const run = scheduler.runNow("a", "stubborn");
    const started = Date.now();
    await scheduler.stopAll(100);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(90);
    expect(waited).toBeLessThan(1000);
    expect(lines.some((line) => line.includes(" WARN ") && line.includes("running=1"))).toBe(true);
    release.resolve();
    await run;
  });

  it("should skip a scheduled tick while the previous run is still going", async () => {
    const release = deferred();
    let starts = 0;
    scheduler.register("a", {
      name: "slow-tick",
      cron: "* * * * * *",
      run: async () => {
        starts++;
        await release.promise;
      },
    });
    const deadline = Date.now() + 2500;
    while (starts === 0 && Date.now() < deadline) await sleep(20);
    expect(starts).toBe(1);
    // A later tick comes while the first run holds on: the scheduler reports skipping it.
    await logged(/skipping.*trigger=schedule/);
    expect(starts).toBe(1);
    expect(lines.some((line) => line.includes("skipping") && line.includes("trigger=schedule"))).toBe(true);
    release.resolve();
  });

  it("should fire an every-second job on its own, and keep firing after a failure", async () => {
    const firedAt: number[] = [];
    scheduler.register("a", {
      name: "every-second",
      cron: "* * * * * *",
      run: () => {
        firedAt.push(Date.now());
        throw new Error("fails every time");
      },
    });
    const deadline = Date.now() + 3500;
    while (firedAt.length < 2 && Date.now() < deadline) await sleep(50);
    expect(firedAt.length).toBeGreaterThanOrEqual(2);
    expect(lines.filter((line) => line.includes("fails every time")).length).toBeGreaterThanOrEqual(2);
  });
});
