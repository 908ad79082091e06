/**
 * What one plugin gets as `telegram`: the Telegram interface and nothing
 * else (no session, no client), with a raw `invoke` that refuses the API
 * methods that can take over or end the account, unless the owner lists the
 * plugin in `trustedPlugins`.
 *
 * Why these methods: a userbot plugin that can call them can steal the
 * account without ever seeing the session string.
 * - auth.*: log in or out, export the session to another data centre
 *   (exportAuthorization), approve a QR login from an attacker's device
 *   (acceptLoginToken), terminate every other session (resetAuthorizations).
 * - active sessions: list them with their hashes, terminate them, shorten
 *   their lifetime, change what they may do (also the web logins).
 * - the 2FA password and its recovery e-mail: read the hint and SRP
 *   parameters, set, change or reset the password, confirm a new e-mail, or a
 *   temporary password (used for payments).
 * - the phone number and login e-mail: move the account to another number,
 *   change where login codes go, invalidate codes.
 * - ending the account: deleteAccount, and setAccountTTL (self-destruction
 *   after a month of inactivity).
 * - Telegram Passport: hand identity documents to a third party, or read them.
 * Wrapper requests (invokeWithLayer, initConnection, invokeWithTakeout, ...)
 * carry another request in `query`: that inner request is checked too.
 *
 * Not refused, on purpose: messages, contacts, photos, chat invites
 * (messages.exportChatInvite) and the like are what plugins are for and do
 * not give the account away; account.initTakeoutSession (data export) is
 * reading, which a plugin can do anyway.
 */
import { UserError } from "../core/errors";
import { methodName } from "../telegram/methodName";
import type { Telegram } from "../telegram/types";

const ACCOUNT_METHODS = new Set([
  // sessions
  "account.getAuthorizations",
  "account.resetAuthorization",
  "account.setAuthorizationTTL",
  "account.changeAuthorizationSettings",
  "account.getWebAuthorizations",
  "account.resetWebAuthorization",
  "account.resetWebAuthorizations",
  // 2FA password and recovery e-mail
  "account.getPassword",
  "account.getPasswordSettings",
  "account.updatePasswordSettings",
  "account.confirmPasswordEmail",
  "account.resendPasswordEmail",
  "account.cancelPasswordEmail",
  "account.resetPassword",
  "account.declinePasswordReset",
  "account.getTmpPassword",
  // phone number and login e-mail
  "account.sendChangePhoneCode",
  "account.changePhone",
  "account.sendConfirmPhoneCode",
  "account.confirmPhone",
  "account.sendVerifyEmailCode",
  "account.verifyEmail",
  "account.sendVerifyPhoneCode",
  "account.verifyPhone",
  "account.invalidateSignInCodes",
  // ending the account
  "account.deleteAccount",
  "account.setAccountTTL",
  // Telegram Passport
  "account.getAuthorizationForm",
  "account.acceptAuthorization",
  "account.getAllSecureValues",
  "account.getSecureValue",
  "account.saveSecureValue",
  "account.deleteSecureValue",
]);

/** True for the methods above (names as Telegram spells them: "account.getPassword"). */
export function isAccountTakeoverMethod(method: string): boolean {
  return method.startsWith("auth.") || ACCOUNT_METHODS.has(method);
}

/** A plugin asked for a method it may not call. Shown in the chat: the owner decides. */
export class RefusedMethodError extends UserError {
  override name = "RefusedMethodError";
  constructor(
    readonly plugin: string,
    readonly method: string,
  ) {
    super(
      `Plugin "${plugin}" tried to call ${method}, which can take over or end the account; refused. ` +
        `If you trust this plugin with your account, add "${plugin}" to trustedPlugins in config/local.json.`,
    );
  }
}

/** Every method this request would run: itself and, for wrappers, the request inside. */
function methodsOf(request: unknown): string[] {
  const names: string[] = [];
  let current: unknown = request;
  for (let depth = 0; isRequest(current) && depth < 16; depth++) {
    names.push(methodName(current));
    current = (current as { query?: unknown }).query;
  }
  return names;
}

function isRequest(value: unknown): value is { className: string } {
  return typeof value === "object" && value !== null && typeof (value as { className?: unknown }).className === "string";
}

export interface PluginTelegramOptions {
  plugin: string;
  /** The owner listed the plugin in `trustedPlugins`. */
  trusted: boolean;
}

/** Throws RefusedMethodError when `request` (or one it wraps) is refused to this plugin. */
export function checkRequest(request: unknown, opts: PluginTelegramOptions): void {
  if (opts.trusted) return;
  const refused = methodsOf(request).find(isAccountTakeoverMethod);
  if (refused) throw new RefusedMethodError(opts.plugin, refused);
}

/**
 * `telegram` is the host's plugin view (service.forPlugins(): a frozen object
 * of functions, no client, no session). Each plugin gets a copy whose raw
 * `invoke` checks the method first, and whose GramJS-typed results lose
 * their back-reference to the client.
 */
export function telegramForPlugin(telegram: Telegram, opts: PluginTelegramOptions): Telegram {
  const view: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(telegram)) {
    view[key] =
      typeof member === "function"
        ? (...args: unknown[]) => {
            const result = (member as (...a: unknown[]) => unknown)(...args);
            return result instanceof Promise ? result.then(withoutClient) : withoutClient(result);
          }
        : member;
  }
  const invoke: Telegram["invoke"] = (request, callOpts) => {
    try {
      checkRequest(request, opts);
    } catch (err) {
      return Promise.reject(err);
    }
    return telegram.invoke(request, callOpts).then(withoutClient);
  };
  view.invoke = invoke;
  return Object.freeze(view) as unknown as Telegram;
}

/**
 * GramJS gives the messages it returns a back-reference to its client
 * (`_client`), and through it the session and the API hash: cut it before a
 * plugin sees one. Nothing of ours reads it (the service passes its client
 * explicitly).
 */
export function withoutClient<T>(value: T): T {
  const strip = (item: unknown) => {
    if (typeof item === "object" && item !== null && Object.hasOwn(item, "_client")) {
      (item as { _client?: unknown })._client = undefined;
    }
  };
  if (Array.isArray(value)) value.forEach(strip);
  else strip(value);
  return value;
}
