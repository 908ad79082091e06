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
  const secret = async (ask: () => Promise<string>) => {
    const answer = (await ask()).trim();
    redactor.addSecret(answer);
    return answer;
  };
  let failure: Error | undefined;
  // Connect first, with limits: GramJS's start() would wait forever on a server it cannot reach.
  await telegram.open();
  // When onError ends the login, GramJS throws AUTH_USER_CANCEL; the reason is in `failure`.
  await telegram.client
    .start({
      phoneNumber: () => prompts.phoneNumber().then((p) => p.trim()),
      phoneCode: () => secret(prompts.code),
      password: (hint?: string) => secret(() => prompts.password(hint)),
      onError: async (err: Error) => {
        const message = (err as { errorMessage?: string }).errorMessage ?? err.message;
        log.warn(`login: ${describeLoginError(message)}`);
        // Wrong code or password: GramJS asks again. Anything else ends the login.
        if (/PHONE_CODE_INVALID|PASSWORD_HASH_INVALID/.test(message)) return false;
        failure = new LoginFailedError(`Login failed: ${describeLoginError(message)}`);
        return true;
      },
    })
    .catch((err: unknown) => {
      throw failure ?? err;
    });
  const me: Api.User = await telegram.refreshMe();
  const session = telegram.sessionString();
  redactor.addSecret(session);
  log.info(`logged in as ${me.firstName ?? ""}${me.username ? ` (@${me.username})` : ""}`);
  return session;
}

function describeLoginError(message: string): string {
  const known: Record<string, string> = {
    PHONE_CODE_INVALID: "the code is wrong; try again",
    PHONE_CODE_EXPIRED: "the code has expired; start the login again",
    PASSWORD_HASH_INVALID: "the two-step password is wrong; try again",
    PHONE_NUMBER_INVALID: "that phone number is not valid (use the international format, e.g. +4915112345678)",
    PHONE_NUMBER_BANNED: "that phone number is banned by Telegram",
    API_ID_INVALID: "API_ID and API_HASH do not match (check them at https://my.telegram.org)",
  };
  return known[message] ?? message;
}
