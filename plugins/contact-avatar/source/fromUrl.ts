import { UserError, UsageError } from "../../../src/core/errors";
import { formatBytes } from "../../../src/util/bytes";

export interface UrlLimits {
  maxBytes: number;
  timeoutMs: number;
}

export function isUrlWord(word: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(word);
}

/**
 * Fetches an image from http(s) with a size cap, a time limit and a check of
 * the content type, so a link cannot make the userbot download a film or hang.
 */
export async function fetchImage(url: string, limits: UrlLimits, signal?: AbortSignal): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`"${url}" is not a valid URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`Only http and https links are accepted, not ${parsed.protocol.replace(":", "")}`);
  }
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    const response = await fetch(parsed, { signal: combined, redirect: "follow" });
    if (!response.ok) throw new UserError(`The link answered ${response.status} ${response.statusText}`.trim());
    const type = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (!type.startsWith("image/")) throw new UserError(`The link is not an image (content type ${type || "unknown"})`);
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (declared > limits.maxBytes) throw tooBig(declared, limits.maxBytes);
    return await readCapped(response, limits.maxBytes);
  } catch (err) {
    if (timeout.aborted) throw new UserError(`The link did not deliver the image within ${Math.round(limits.timeoutMs / 1000)} s`);
    if (err instanceof UserError) throw err;
    if (signal?.aborted) throw err;
    throw new UserError(`Could not fetch the link: ${causeOf(err)}`);
  }
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooBig(total, maxBytes, true);
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks);
}

function tooBig(bytes: number, max: number, partial = false): UserError {
  return new UserError(`The image at the link is ${partial ? "over " : ""}${formatBytes(bytes)}, more than the ${formatBytes(max)} limit`);
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}
