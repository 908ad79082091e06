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
