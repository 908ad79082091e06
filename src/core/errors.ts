/**
 * Typed errors shared by the host and plugins.
 *
 * The split that matters: a `UserError` is something the person typing the
 * command can fix (shown in the chat as its message); anything else is a bug or
 * an outage (shown as one short line with a reference id, logged in full).
 */

/** A mistake the user can fix: bad argument, missing reply, unknown target. */
export class UserError extends Error {
  override name = "UserError";
}

/** The command was called wrongly; the router adds the usage line. */
export class UsageError extends UserError {
  override name = "UsageError";
}

/**
 * Telegram asked us to wait `seconds` before calling `method` again, longer
 * than the request pipeline waits by itself. `until` is when the wait ends
 * (the request was not sent, or was refused: it did not happen).
 */
export class FloodWaitError extends Error {
  override name = "FloodWaitError";
  readonly until: Date;
  constructor(
    readonly seconds: number,
    readonly method?: string,
    until?: Date,
  ) {
    super(`Telegram asks to wait ${seconds} s${method ? ` (${method})` : ""}`);
    this.until = until ?? new Date(Date.now() + seconds * 1000);
  }
}

/**
 * The caller cancelled a request (its AbortSignal fired). Like a timeout, a
 * request already sent may still have been applied by Telegram; the request
 * pipeline reports its late answer (see RequestPipeline.onLateOutcome).
 */
export class CancelledError extends Error {
  override name = "CancelledError";
  constructor(
    readonly method?: string,
    readonly reason?: unknown,
  ) {
    super(`${method ?? "The request"} was cancelled${reason instanceof Error && reason.message ? `: ${reason.message}` : ""}`);
  }
}

/** A request got no answer within the client's time limit. */
export class RequestTimeoutError extends Error {
  override name = "RequestTimeoutError";
  constructor(
    readonly method: string,
    readonly ms: number,
  ) {
    super(`${method} got no answer within ${ms} ms`);
  }
}

/** No connection to Telegram could be made (network down, wrong TELEGRAM_DC). */
export class ConnectionFailedError extends Error {
  override name = "ConnectionFailedError";
}

/** Telegram answered with an RPC error such as CONTACT_MISSING. */
export class TelegramApiError extends Error {
  override name = "TelegramApiError";
  constructor(
    /** Telegram's error message, e.g. "CONTACT_MISSING". */
    readonly errorMessage: string,
    readonly code: number | undefined,
    readonly method: string | undefined,
  ) {
    super(`${method ?? "request"} failed: ${errorMessage}`);
  }
}

/** The session is no longer valid (logged out elsewhere, revoked). */
export class SessionRevokedError extends Error {
  override name = "SessionRevokedError";
  constructor(readonly reason: string) {
    super(`The Telegram session is no longer valid (${reason}). Log in again with "npm run login".`);
  }
}

/** A configuration file or environment variable holds a wrong value. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A user could not be found: no such username, an id Telegram has not shown us, a phone number it does not reveal. */
export class UserNotFoundError extends UserError {
  override name = "UserNotFoundError";
  constructor(
    readonly query: { id: bigint } | { username: string } | { phone: string },
    /** "not-found": no such user; "unknown-id": Telegram has not shown us this id yet; "not-a-user": a group or channel. */
    readonly reason: "not-found" | "unknown-id" | "not-a-user",
  ) {
    super(describeMissingUser(query, reason));
  }
}

function describeMissingUser(query: UserNotFoundError["query"], reason: UserNotFoundError["reason"]): string {
  const what = "username" in query ? `@${query.username}` : "phone" in query ? `+${query.phone}` : `user ${query.id}`;
  if (reason === "not-a-user") return `${what} is a group or channel, not a person.`;
  if (reason === "unknown-id") return `I don't know user ${what.replace(/^user /, "")} yet (Telegram needs a chat or a username first): use their @username.`;
  if ("phone" in query) return `No Telegram user can be found for ${what} (not on Telegram, or their privacy settings hide the number).`;
  return `No Telegram user is called ${what}.`;
}
