/** Login codes as auth.sendCode issues them, inspectable by tests. */
import { randomBytes, randomInt } from "node:crypto";
import { badRequest } from "./errors";
import { normalisePhone } from "./users";

const CODE_LIFETIME_MS = 5 * 60_000;

interface IssuedCode {
  readonly code: string;
  readonly phoneCodeHash: string;
  readonly expiresAt: number;
  used: boolean;
}

export class LoginCodes {
  private readonly byPhone = new Map<string, IssuedCode>();

  issue(phone: string): IssuedCode {
    const issued: IssuedCode = {
      code: String(randomInt(10_000, 100_000)),
      phoneCodeHash: randomBytes(9).toString("hex"),
      expiresAt: Date.now() + CODE_LIFETIME_MS,
      used: false,
    };
    this.byPhone.set(normalisePhone(phone), issued);
    return issued;
  }

  last(phone: string): string | undefined {
    return this.byPhone.get(normalisePhone(phone))?.code;
  }

  /** Checks a code the way auth.signIn does; a code works once. */
  redeem(phone: string, phoneCodeHash: string, code: string | undefined): void {
    const issued = this.byPhone.get(normalisePhone(phone));
    if (!phoneCodeHash) throw badRequest("PHONE_CODE_HASH_EMPTY");
    if (!code) throw badRequest("PHONE_CODE_EMPTY");
    if (!issued || issued.phoneCodeHash !== phoneCodeHash) throw badRequest("PHONE_CODE_EXPIRED");
    if (issued.used || Date.now() > issued.expiresAt) throw badRequest("PHONE_CODE_EXPIRED");
    if (issued.code !== code) throw badRequest("PHONE_CODE_INVALID");
    issued.used = true;
  }
}

/** How long an exported login token lasts, as on Telegram (its QR code is refreshed after that). */
export const LOGIN_TOKEN_LIFETIME_MS = 30_000;

/** One auth.exportLoginToken token: the QR code a waiting client shows. */
export interface LoginTokenRecord {
  readonly token: Buffer;
  /** The auth key of the client that shows the code (it is logged in when the token is accepted). */
  readonly authKeyId: bigint;
  readonly expiresAt: number;
  /** The user who accepted it from a session of theirs (auth.acceptLoginToken). */
  acceptedBy?: bigint;
  /** Tells the waiting client (updateLoginToken) on the server it is connected to. */
  readonly notify: () => void;
}

/**
 * QR login tokens. Time comes from `now` (tests may inject a clock), and
 * `expire` is the server's control for a token that ran out: tests use it
 * instead of waiting 30 s.
 */
export class LoginTokens {
  private readonly byToken = new Map<string, LoginTokenRecord>();
  private readonly byKey = new Map<bigint, LoginTokenRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A new token for the client with this auth key; it replaces the key's previous one, as a new QR code does. */
  issue(authKeyId: bigint, notify: () => void): LoginTokenRecord {
    const previous = this.byKey.get(authKeyId);
    if (previous) this.byToken.delete(previous.token.toString("hex"));
    const record: LoginTokenRecord = { token: randomBytes(32), authKeyId, expiresAt: this.now() + LOGIN_TOKEN_LIFETIME_MS, notify };
    this.byToken.set(record.token.toString("hex"), record);
    this.byKey.set(authKeyId, record);
    return record;
  }

  /** The token this auth key is waiting on, if any. */
  forKey(authKeyId: bigint): LoginTokenRecord | undefined {
    return this.byKey.get(authKeyId);
  }

  /** The token as a client presents it, with Telegram's errors for a wrong or spent one. */
  find(token: Buffer | Uint8Array): LoginTokenRecord {
    const record = this.byToken.get(Buffer.from(token).toString("hex"));
    if (!record) throw badRequest("AUTH_TOKEN_INVALID");
    return record;
  }

  /** auth.acceptLoginToken: `userId` logs the waiting client in; it is told at once. */
  accept(token: Buffer | Uint8Array, userId: bigint): LoginTokenRecord {
    const record = this.find(token);
    if (record.acceptedBy !== undefined) throw badRequest("AUTH_TOKEN_ALREADY_ACCEPTED");
    if (this.now() >= record.expiresAt) throw badRequest("AUTH_TOKEN_EXPIRED");
    record.acceptedBy = userId;
    record.notify();
    return record;
  }

  /** The login is done (or moved to another DC's import): the token works no more. */
  consume(record: LoginTokenRecord): void {
    this.byToken.delete(record.token.toString("hex"));
    if (this.byKey.get(record.authKeyId) === record) this.byKey.delete(record.authKeyId);
  }

  /** Server control: the token (default every token) runs out now. */
  expire(token?: Buffer | Uint8Array): void {
    const records = token ? [this.find(token)] : [...this.byToken.values()];
    for (const record of records) (record as { expiresAt: number }).expiresAt = this.now();
  }

  /** The newest token issued, as a test would read it off the QR code. */
  get last(): LoginTokenRecord | undefined {
    return [...this.byToken.values()].at(-1);
  }
}
