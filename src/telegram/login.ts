import type { Api } from "telegram";
import { UserError } from "../core/errors";
import type { Logger } from "../log/logger";
import type { Redactor } from "../log/redact";
import type { TelegramService } from "./service";

/** Where the login asks its questions: a terminal, or a test's script. */
export interface LoginPrompts {
  phoneNumber(): Promise<string>;
  code(): Promise<string>;
  password(hint: string | undefined): Promise<string>;
}

export class LoginFailedError extends UserError {
  override name = "LoginFailedError";
}

/**
 * Logs in with phone number, code and (if set) the two-step password, and
 * returns the new session string. Every answer is registered as a secret
 * before GramJS sees it, so no log line can show it.
 */
export async function login(telegram: TelegramService, prompts: LoginPrompts, redactor: Redactor, log: Logger): Promise<string> {
  const errors = new LoginErrors(log);
  // Connect first, with limits: GramJS's start() would wait forever on a server it cannot reach.
  await telegram.open();
  // When onError ends the login, GramJS throws AUTH_USER_CANCEL; the reason is in `failure`.
  await telegram.client
    .start({
      phoneNumber: () => prompts.phoneNumber().then((p) => p.trim()),
      phoneCode: () => secretAnswer(redactor, () => prompts.code()),
      password: (hint?: string) => secretAnswer(redactor, () => prompts.password(hint)),
      onError: errors.onError,
    })
    .catch(errors.rethrow);
  return loggedIn(telegram, redactor, log);
}

/**
 * The two-step password after a QR code was accepted: GramJS's SRP path
 * (account.getPassword, auth.checkPassword), asking again after a wrong password.
 */
export async function passwordStep(telegram: TelegramService, prompts: Pick<LoginPrompts, "password">, redactor: Redactor, log: Logger): Promise<void> {
  const errors = new LoginErrors(log);
  await telegram.client
    .signInWithPassword(telegram.apiCredentials(), {
      password: (hint?: string) => secretAnswer(redactor, () => prompts.password(hint)),
      onError: errors.onError,
    })
    .catch(errors.rethrow);
}

/** After either login: the account, and the session string (a secret from now on). */
export async function loggedIn(telegram: TelegramService, redactor: Redactor, log: Logger): Promise<string> {
  const me: Api.User = await telegram.refreshMe();
  const session = telegram.sessionString();
  redactor.addSecret(session);
  log.info(`logged in as ${me.firstName ?? ""}${me.username ? ` (@${me.username})` : ""}`);
  return session;
}

async function secretAnswer(redactor: Redactor, ask: () => Promise<string>): Promise<string> {
  const answer = (await ask()).trim();
  redactor.addSecret(answer);
  return answer;
}

/** GramJS's onError for a login: a wrong code or password is asked again; anything else ends it with our message. */
class LoginErrors {
  private failure: Error | undefined;

  constructor(private readonly log: Logger) {}

  readonly onError = async (err: Error): Promise<boolean> => {
    const message = (err as { errorMessage?: string }).errorMessage ?? err.message;
    this.log.warn(`login: ${describeLoginError(message)}`);
    if (/PHONE_CODE_INVALID|PASSWORD_HASH_INVALID/.test(message)) return false;
    this.failure = new LoginFailedError(`Login failed: ${describeLoginError(message)}`);
    return true;
  };

  /** GramJS throws AUTH_USER_CANCEL when onError ended the login; the reason is the one onError saw. */
  readonly rethrow = (err: unknown): never => {
    throw this.failure ?? err;
  };
}

function describeLoginError(message: string): string {
  const known: Record<string, string> = {
    PHONE_CODE_INVALID: "the code is wrong; try again",
    PHONE_CODE_EXPIRED: "the code has expired; start the login again",
    PASSWORD_HASH_INVALID: "the two-step password is wrong; try again",
    PHONE_NUMBER_INVALID: "that phone number is not valid (use the international format, e.g. +4915112345678)",
    PHONE_NUMBER_BANNED: "that phone number is banned by Telegram",
    API_ID_INVALID: "API_ID and API_HASH do not match (check them at https://my.telegram.org)",
    AUTH_TOKEN_EXPIRED: "the QR code had expired; scan the new one",
  };
  return known[message] ?? message;
}
