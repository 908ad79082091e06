import { Api } from "telegram";
import { Raw } from "telegram/events";
import { TelegramApiError } from "../core/errors";
import type { Logger } from "../log/logger";
import type { Redactor } from "../log/redact";
import { systemClock, type Clock } from "./clock";
import { loggedIn, passwordStep, type LoginPrompts } from "./login";
import type { TelegramService } from "./service";

/** What the QR login asks of its terminal (or a test): show each code, and the two-step password if there is one. */
export interface QrLoginPrompts extends Pick<LoginPrompts, "password"> {
  /** Shows `url` (tg://login?token=…) as a QR code, good until `expiresAt`; called again with each new code. */
  showQr(url: string, expiresAt: Date): Promise<void> | void;
}

export interface QrLoginOptions {
  /** Where the wait for a code to expire is measured (tests pass a ManualClock). */
  clock?: Clock;
}

/**
 * A code is shown for as long as the server says it lasts, measured on our
 * clock. Within these bounds, so that a clock far off the server's neither
 * asks for codes in a loop nor shows a dead one for long.
 */
const MIN_CODE_MS = 5_000;
const MAX_CODE_MS = 60_000;

/** The tg://login link the official apps scan (Settings → Devices → Link Desktop Device). */
export function loginUrl(token: Buffer | Uint8Array): string {
  return `tg://login?token=${Buffer.from(token).toString("base64url")}`;
}

/**
 * Logs in by QR code: auth.exportLoginToken gives a token, shown as a code
 * until it expires (then a new one) or until another session of the
 * account accepts it (Telegram then pushes updateLoginToken and the next
 * export answers with the login, or asks to move to the account's DC).
 * An account with a two-step password goes on to it, as the code login
 * does. Returns the new session string.
 *
 * GramJS has signInUserWithQrCode, but it ignores the token's expiry (a
 * fixed 30 s sleep on the wall clock, never cancelled) and leaves its
 * update handler behind: hence our own loop.
 */
export async function qrLogin(telegram: TelegramService, prompts: QrLoginPrompts, redactor: Redactor, log: Logger, opts: QrLoginOptions = {}): Promise<string> {
  const clock = opts.clock ?? systemClock;
  const apiCredentials = telegram.apiCredentials();
  await telegram.open();
  const accepted = new TokenUpdates(telegram);
  try {
    let result = await exportToken(telegram, apiCredentials);
    for (;;) {
      if (result instanceof Api.auth.LoginToken) {
        const url = loginUrl(result.token);
        // Whoever holds the token can log this client in to their account: keep it out of every log line.
        redactor.addSecret(url);
        redactor.addSecret(Buffer.from(result.token).toString("base64url"));
        const waitMs = Math.min(MAX_CODE_MS, Math.max(MIN_CODE_MS, result.expires * 1000 - clock.now()));
        const next = accepted.next(clock, waitMs);
        await prompts.showQr(url, new Date(clock.now() + waitMs));
        const why = await next;
        log.debug(why === "accepted" ? "login: the QR code was accepted" : "login: the QR code expired; showing a new one");
        result = await exportToken(telegram, apiCredentials);
      } else if (result instanceof Api.auth.LoginTokenMigrateTo) {
        log.info(`login: the account lives on DC ${result.dcId}; moving there`);
        await telegram.switchHomeDc(result.dcId);
        result = await telegram.invoke(new Api.auth.ImportLoginToken({ token: result.token }));
      } else {
        break;
      }
    }
  } catch (err) {
    if (!(err instanceof TelegramApiError && err.errorMessage === "SESSION_PASSWORD_NEEDED")) throw err;
    await passwordStep(telegram, prompts, redactor, log);
  } finally {
    accepted.dispose();
  }
  return loggedIn(telegram, redactor, log);
}

async function exportToken(telegram: TelegramService, credentials: { apiId: number; apiHash: string }): Promise<Api.auth.TypeLoginToken> {
  return telegram.invoke(new Api.auth.ExportLoginToken({ apiId: credentials.apiId, apiHash: credentials.apiHash, exceptIds: [] }));
}

/** Telegram's updateLoginToken (the code was accepted elsewhere), as something to wait for beside the code's expiry. */
class TokenUpdates {
  private seen = false;
  private wake: (() => void) | undefined;
  private readonly event = new Raw({ types: [Api.UpdateLoginToken] });
  private readonly handler = () => {
    this.seen = true;
    this.wake?.();
  };

  constructor(private readonly telegram: TelegramService) {
    telegram.client.addEventHandler(this.handler, this.event);
  }

  /** "accepted" once the update came (or had come), "expired" after `ms` on `clock`. */
  next(clock: Clock, ms: number): Promise<"accepted" | "expired"> {
    return new Promise((resolve) => {
      const finish = (why: "accepted" | "expired") => {
        cancel();
        this.wake = undefined;
        this.seen = false;
        resolve(why);
      };
      const cancel = clock.setTimer(ms, () => finish("expired"));
      this.wake = () => finish("accepted");
      if (this.seen) finish("accepted");
    });
  }

  dispose(): void {
    this.telegram.client.removeEventHandler(this.handler, this.event);
  }
}
