/**
 * Routes GramJS's own logging into ours, so its lines get our format, our
 * level and, above all, our redaction (GramJS may print auth details at debug).
 * Pass the result as the `baseLogger` client option.
 */
import { Logger as GramJsLogger, LogLevel as GramJsLogLevel } from "telegram/extensions/Logger";
import type { LogLevel, Logger } from "../log/logger";

const GRAMJS_LEVEL: Record<LogLevel, GramJsLogLevel> = {
  debug: GramJsLogLevel.DEBUG,
  info: GramJsLogLevel.INFO,
  warn: GramJsLogLevel.WARN,
  error: GramJsLogLevel.ERROR,
  silent: GramJsLogLevel.NONE,
};

/**
 * GramJS lines we say in our own words: its per-attempt connect failure
 * (TelegramService logs each attempt with the reason, from the client's
 * onError), and its chatter on every (re)connect, kept for debug.
 */
const DROPPED = /^WebSocket connection failed attempt: \d+$/;
const CHATTER = /^(Running gramJS version .*|Connecting to .*\.\.\.|Disconnecting( from .*)?\.\.\.)$/;

const ORDER: GramJsLogLevel[] = [GramJsLogLevel.NONE, GramJsLogLevel.ERROR, GramJsLogLevel.WARN, GramJsLogLevel.INFO, GramJsLogLevel.DEBUG];

class GramJsBridge extends GramJsLogger {
  constructor(
    private readonly target: Logger,
    level: LogLevel,
  ) {
    super(GRAMJS_LEVEL[level]);
  }

  /**
   * GramJS asks canSend() before printing raw errors with console.error
   * (stack traces on the user's terminal, past our format and redaction).
   * Answering "no" stops those; its errors reach us through the client's
   * onError hook instead (see TelegramService), and its own log lines
   * through _log below, which checks our level itself.
   */
  override canSend(): boolean {
    return false;
  }

  override _log(level: GramJsLogLevel, message: string): void {
    if (typeof message === "string" && DROPPED.test(message)) return;
    if (typeof message === "string" && CHATTER.test(message)) level = GramJsLogLevel.DEBUG;
    // The current level (GramJS's setLevel may change it), compared as canSend would.
    if (level !== GramJsLogLevel.NONE && ORDER.indexOf(level) <= ORDER.indexOf(this.logLevel)) this.log(level, message);
  }

  // GramJS calls this after its own level check. Its messages are typed as
  // strings, but a few call sites hand over an Error: keep its stack then.
  override log(level: GramJsLogLevel, message: unknown): void {
    const fields = message instanceof Error ? { error: message } : undefined;
    const text = message instanceof Error ? message.message : String(message);
    switch (level) {
      case GramJsLogLevel.ERROR:
        return this.target.error(text, fields);
      case GramJsLogLevel.WARN:
        return this.target.warn(text, fields);
      case GramJsLogLevel.INFO:
        return this.target.info(text, fields);
      default:
        return this.target.debug(text, fields);
    }
  }
}

/** A GramJS logger writing into `log`, at `log`'s level unless one is given. */
export function gramjsLoggerBridge(log: Logger, level: LogLevel = log.level ?? "info"): GramJsLogger {
  return new GramJsBridge(log, level);
}
