/**
 * Keeps secrets (session string, API hash, login code, 2FA password) out of
 * log output. One Redactor is shared by the whole process; every logger built
 * with it runs each finished line through `redact`.
 */

/** Shorter values are ignored: replacing "12" everywhere would mangle timestamps and ids. */
export const MIN_SECRET_LENGTH = 4;

export const REDACTED = "[redacted]";

export class Redactor {
  /** Longest first, so a secret that contains another is replaced whole. */
  private secrets: string[] = [];

  addSecret(value: string): void {
    if (value.length < MIN_SECRET_LENGTH || this.secrets.includes(value)) return;
    this.secrets = [...this.secrets, value].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let result = text;
    // split/join rather than a RegExp: secrets are arbitrary text, not patterns.
    for (const secret of this.secrets) result = result.split(secret).join(REDACTED);
    return result;
  }
}
