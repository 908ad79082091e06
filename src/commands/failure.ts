import { randomBytes } from "node:crypto";
import { CancelledError, FloodWaitError, RequestTimeoutError, SessionRevokedError, TelegramApiError, UsageError, UserError } from "../core/errors";
import { formatDuration } from "../util/duration";

export interface FailureReport {
  /** What the chat shows: one short line (two for a usage error). */
  text: string;
  /** Whether this is a bug or outage that must be logged in full with `refId`. */
  unexpected: boolean;
  refId: string;
}

/** A short id that ties a chat message to its log entry. */
export function newRefId(): string {
  return randomBytes(3).toString("hex");
}

/**
 * The one mapping from a thrown error to what the user reads. User errors
 * read as themselves; a flood wait as a duration; anything else as one line
 * with a reference id, never a stack trace.
 */
export function describeFailure(err: unknown, opts: { usage?: string; showDetails?: boolean } = {}): FailureReport {
  const refId = newRefId();
  if (err instanceof UsageError) {
    return { text: opts.usage ? `${err.message}\nUsage: ${opts.usage}` : err.message, unexpected: false, refId };
  }
  if (err instanceof UserError) return { text: err.message, unexpected: false, refId };
  if (err instanceof FloodWaitError) {
    return { text: `Telegram asks to wait ${formatDuration(err.seconds)} before doing this again.`, unexpected: false, refId };
  }
  if (err instanceof CancelledError || isAbort(err)) return { text: `⏹ Stopped: ${whyStopped(err)}.`, unexpected: false, refId };
  const detail = opts.showDetails && err instanceof Error ? `: ${err.name}: ${err.message}` : "";
  if (err instanceof RequestTimeoutError) {
    return { text: `Telegram did not answer in time (${err.method}). Try again (ref ${refId}).`, unexpected: true, refId };
  }
  if (err instanceof SessionRevokedError) return { text: err.message, unexpected: true, refId };
  if (err instanceof TelegramApiError) {
    return { text: `Telegram refused: ${err.errorMessage} (ref ${refId})${detail}`, unexpected: true, refId };
  }
  return { text: `Something went wrong (ref ${refId}); the log has the details${detail}.`, unexpected: true, refId };
}

/** The reason a stop was asked for (see stopReason), when the error carries one. */
function whyStopped(err: unknown): string {
  const reason = err instanceof CancelledError ? err.reason : (err as { cause?: unknown }).cause;
  if (reason instanceof CancelledError && reason.reason instanceof Error) return reason.reason.message;
  if (reason instanceof Error && reason.message) return reason.message;
  return "the userbot is shutting down or reloading";
}

/**
 * What work is aborted with when the host stops or a plugin reloads: the
 * pipeline rejects every call with it, and the chat reads `why`.
 */
export function stopReason(why: string): CancelledError {
  return new CancelledError(undefined, new Error(why));
}

/** By name, not instanceof: an AbortSignal's reason is a DOMException, which may come from another realm (vm, jest). */
function isAbort(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  return name === "AbortError" || code === "ABORT_ERR";
}
