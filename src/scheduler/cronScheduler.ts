/**
 * Runs plugins' cron jobs on node-cron, with the guarantees the host needs:
 * bad expressions and zones are caught at registration, a run never overlaps
 * the previous run of the same job, a failing run is logged and the job keeps
 * its schedule, and unloading a plugin stops its jobs and aborts their runs.
 */
import { schedule, validateDetailed, type Logger as CronLogger, type ScheduledTask } from "node-cron";
import { ConfigError } from "../core/errors";
import type { LogFields, Logger } from "../log/logger";
import type { JobDefinition, JobHandle, Scheduler } from "./types";

/** runNow() named a job that is not registered (or was stopped). */
export class UnknownJobError extends Error {
  override name = "UnknownJobError";
}

export interface CronSchedulerOptions {
  log: Logger;
  /** IANA zone for jobs that name none; default: the system's zone. */
  defaultTimezone?: string;
}

interface Job {
  readonly owner: string;
  readonly definition: JobDefinition;
  readonly task: ScheduledTask;
  readonly controller: AbortController;
  /** The run in progress; while set, new runs are not started. */
  inFlight?: Promise<void>;
  stopped: boolean;
}

export class CronScheduler implements Scheduler {
  private readonly log: Logger;
  private readonly defaultTimezone: string | undefined;
  private readonly jobsByOwner = new Map<string, Map<string, Job>>();
  /** Every run in progress, including those of jobs already stopped, so stopAll can wait for them. */
  private readonly running = new Set<Promise<void>>();

  constructor(opts: CronSchedulerOptions) {
    this.log = opts.log;
    if (opts.defaultTimezone !== undefined) checkTimezone(opts.defaultTimezone, "the default time zone");
    this.defaultTimezone = opts.defaultTimezone;
  }

  register(owner: string, definition: JobDefinition): JobHandle {
    const label = `job "${definition.name}" of ${owner}`;
    const validation = validateDetailed(definition.cron);
    if (!validation.valid) {
      const reason = validation.errors[0]?.message ?? "not a cron expression";
      throw new ConfigError(`Invalid cron expression "${definition.cron}" for ${label}: ${reason}`);
    }
    const timezone = definition.timezone ?? this.defaultTimezone;
    if (timezone !== undefined) checkTimezone(timezone, label);
    const ownerJobs = this.jobsByOwner.get(owner) ?? new Map<string, Job>();
    if (ownerJobs.has(definition.name)) throw new ConfigError(`${owner} registers the job "${definition.name}" twice`);

    const fields = { owner, job: definition.name };
    const job: Job = {
      owner,
      definition,
      controller: new AbortController(),
      stopped: false,
      // Overlap is handled in run() rather than by node-cron's noOverlap, so runNow() obeys the same rule.
      task: schedule(definition.cron, () => this.run(job, "schedule"), {
        name: `${owner}/${definition.name}`,
        timezone,
        logger: cronLogger(this.log, fields),
      }),
    };
    ownerJobs.set(definition.name, job);
    this.jobsByOwner.set(owner, ownerJobs);
    this.log.debug("Job registered", { ...fields, cron: definition.cron, timezone });

    return {
      owner,
      name: definition.name,
      nextRun: () => (job.stopped ? undefined : (job.task.getNextRun() ?? undefined)),
      stop: () => this.stopJob(job),
    };
  }

  stopOwner(owner: string): void {
    for (const job of this.jobsByOwner.get(owner)?.values() ?? []) this.stopJob(job);
  }

  async stopAll(timeoutMs = 5000): Promise<void> {
    for (const owner of [...this.jobsByOwner.keys()]) this.stopOwner(owner);
    if (this.running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const outcome = await Promise.race([Promise.all(this.running), timedOut]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      this.log.warn("Stopped waiting for jobs that ignore their abort signal", { running: this.running.size, timeoutMs });
    }
  }

  /**
   * Runs the job now. If a run is already in progress, no second run starts
   * (the same rule as a scheduled tick); the returned promise then settles
   * when the run in progress ends, so awaiting runNow always means "the job
   * has just run and is idle". Never rejects for a failing run: that is logged.
   */
  runNow(owner: string, name: string): Promise<void> {
    const job = this.jobsByOwner.get(owner)?.get(name);
    if (!job) return Promise.reject(new UnknownJobError(`No job "${name}" registered by ${owner}`));
    return this.run(job, "runNow");
  }

  private run(job: Job, trigger: "schedule" | "runNow"): Promise<void> {
    const fields = { owner: job.owner, job: job.definition.name, trigger };
    if (job.inFlight) {
      this.log.debug("Job still running from its previous start; skipping this one", fields);
      return job.inFlight;
    }
    const run = this.execute(job, fields).finally(() => {
      job.inFlight = undefined;
      this.running.delete(run);
    });
    job.inFlight = run;
    this.running.add(run);
    return run;
  }

  private async execute(job: Job, fields: LogFields): Promise<void> {
    const started = Date.now();
    try {
      await job.definition.run(job.controller.signal);
      this.log.debug("Job finished", { ...fields, ms: Date.now() - started });
    } catch (error) {
      this.log.error("Job failed; it will run again at its next time", { ...fields, ms: Date.now() - started, error });
    }
  }

  private stopJob(job: Job): void {
    if (job.stopped) return;
    job.stopped = true;
    // destroy(), not stop(): it also drops the task from node-cron's global registry.
    void job.task.destroy();
    job.controller.abort();
    const ownerJobs = this.jobsByOwner.get(job.owner);
    ownerJobs?.delete(job.definition.name);
    if (ownerJobs?.size === 0) this.jobsByOwner.delete(job.owner);
    this.log.debug("Job stopped", { owner: job.owner, job: job.definition.name });
  }
}

/** Intl knows the IANA zone database; it throws RangeError for a name it does not know. */
function checkTimezone(timezone: string, label: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
  } catch {
    throw new ConfigError(`Unknown time zone "${timezone}" for ${label} (expected an IANA name such as "Europe/Berlin")`);
  }
}

/** node-cron's own messages (e.g. "missed execution" after the machine slept) into our log. */
function cronLogger(log: Logger, fields: LogFields): CronLogger {
  const describe = (message: string | Error, error?: Error): [string, LogFields] =>
    message instanceof Error ? [message.message, { ...fields, error: message }] : [message, error ? { ...fields, error } : fields];
  return {
    info: (message) => log.debug(message, fields),
    warn: (message) => log.warn(message, fields),
    error: (message, error) => log.error(...describe(message, error)),
    debug: (message, error) => log.debug(...describe(message, error)),
  };
}
