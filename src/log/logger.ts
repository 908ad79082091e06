/**
 * The host's logger: levelled, human-readable lines, every line passed through
 * the process-wide Redactor before it is written.
 */
import { ConfigError } from "../core/errors";
import { formatEntry } from "./format";
import type { Redactor } from "./redact";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger whose lines carry `[parent:scope]`. */
  child(scope: string): Logger;
  /** The lowest level written; optional so test fakes need not declare it. */
  readonly level?: LogLevel;
}

export const LOG_LEVELS: readonly LogLevel[] = ["debug", "info", "warn", "error", "silent"];

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Reads LOG_LEVEL and similar settings: "info" when unset, ConfigError when unknown. */
export function parseLogLevel(text: string | undefined): LogLevel {
  const name = (text ?? "").trim().toLowerCase();
  if (name === "") return "info";
  const level = LOG_LEVELS.find((candidate) => candidate === name);
  if (!level) throw new ConfigError(`Unknown log level "${text}" (expected one of: ${LOG_LEVELS.join(", ")})`);
  return level;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Receives each finished entry without a trailing newline (an entry with a stack spans several lines). Default: stdout. */
  write?: (line: string) => void;
  scope?: string;
  redactor?: Redactor;
  clock?: () => Date;
}

export function createLogger(opts: LoggerOptions): Logger {
  return new LineLogger(
    {
      level: opts.level,
      write: opts.write ?? ((line) => process.stdout.write(`${line}\n`)),
      redactor: opts.redactor,
      clock: opts.clock ?? (() => new Date()),
    },
    opts.scope,
  );
}

interface Sink {
  level: LogLevel;
  write: (line: string) => void;
  redactor?: Redactor;
  clock: () => Date;
}

class LineLogger implements Logger {
  constructor(
    private readonly sink: Sink,
    private readonly scope: string | undefined,
  ) {}

  get level(): LogLevel {
    return this.sink.level;
  }

  debug(msg: string, fields?: LogFields): void {
    this.log("debug", msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.log("info", msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.log("warn", msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.log("error", msg, fields);
  }

  child(scope: string): Logger {
    return new LineLogger(this.sink, this.scope ? `${this.scope}:${scope}` : scope);
  }

  private log(level: Exclude<LogLevel, "silent">, message: string, fields: LogFields | undefined): void {
    if (SEVERITY[level] < SEVERITY[this.sink.level]) return;
    const line = formatEntry({ time: this.sink.clock(), level, scope: this.scope, message, fields });
    // Redact the finished text, so a secret is caught wherever it ended up: message, field, stack.
    this.sink.write(this.sink.redactor ? this.sink.redactor.redact(line) : line);
  }
}
