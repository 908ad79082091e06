/** A job a plugin registers with the scheduler. */
export interface JobDefinition {
  /** Unique within the plugin. */
  name: string;
  /** A node-cron expression (5 or 6 fields). */
  cron: string;
  /** IANA time zone, e.g. "Europe/Berlin"; default: the host's configured zone. */
  timezone?: string;
  /** Aborted when the plugin is unloaded or the host stops. */
  run(signal: AbortSignal): Promise<void> | void;
}

export interface JobHandle {
  readonly owner: string;
  readonly name: string;
  /** The next time the job is due, or undefined when stopped. */
  nextRun(): Date | undefined;
  stop(): void;
}

export interface Scheduler {
  /** Throws ConfigError for an invalid cron expression or time zone. */
  register(owner: string, job: JobDefinition): JobHandle;
  /** Stops every job of one owner (plugin unload or reload). */
  stopOwner(owner: string): void;
  /** Stops everything and waits for runs in flight (up to `timeoutMs`). */
  stopAll(timeoutMs?: number): Promise<void>;
  /** Runs a job now, as its schedule would (no overlap with a run in flight). Used by tests. */
  runNow(owner: string, name: string): Promise<void>;
}
