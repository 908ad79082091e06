import { errors } from "telegram";

/** Telegram's error text, whichever layer wrapped it. */
export function errorMessageOf(err: unknown): string | undefined {
  if (err instanceof errors.RPCError) return err.errorMessage;
  const message = (err as { errorMessage?: unknown; telegramMessage?: unknown })?.errorMessage;
  return typeof message === "string" ? message : undefined;
}

export function isFileReferenceExpired(err: unknown): boolean {
  const message = errorMessageOf(err) ?? (err instanceof Error ? err.message : "");
  return /^FILE_REFERENCE_(\d+_)?EXPIRED$/.test(message);
}
