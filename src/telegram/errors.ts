import { errors } from "telegram";
import { FloodWaitError, RequestTimeoutError, SessionRevokedError, TelegramApiError } from "../core/errors";

/** Telegram's answers that mean the session is gone for good. */
const REVOKED = new Set(["AUTH_KEY_UNREGISTERED", "SESSION_REVOKED", "SESSION_EXPIRED", "USER_DEACTIVATED", "USER_DEACTIVATED_BAN", "AUTH_KEY_INVALID"]);

const FLOOD = /^(?:FLOOD_WAIT|FLOOD_PREMIUM_WAIT|SLOWMODE_WAIT)_(\d+)$/;

/**
 * Turns whatever GramJS threw into one of our typed errors, so that nothing
 * outside src/telegram/ needs to know GramJS's error classes.
 */
export function toTypedError(err: unknown, method?: string): Error {
  if (err instanceof FloodWaitError || err instanceof TelegramApiError || err instanceof RequestTimeoutError || err instanceof SessionRevokedError) {
    return err;
  }
  if (err instanceof errors.FloodWaitError || err instanceof errors.SlowModeWaitError) {
    return new FloodWaitError(err.seconds, method);
  }
  if (err instanceof errors.FileMigrateError) {
    // GramJS rewrites FILE_MIGRATE_X into prose; keep Telegram's form, which transfers act on.
    return new TelegramApiError(`FILE_MIGRATE_${err.newDc}`, 303, method);
  }
  if (err instanceof errors.RPCError) {
    const message = err.errorMessage;
    const flood = FLOOD.exec(message);
    if (flood) return new FloodWaitError(Number(flood[1]), method);
    if (REVOKED.has(message)) return new SessionRevokedError(message);
    return new TelegramApiError(message, err.code, method);
  }
  return err instanceof Error ? err : new Error(String(err));
}
