import { formatBytes, formatMs, UsageError, UserError } from "contact-userbot/sdk";

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
    const refusal = refusalOf(response, limits.maxBytes);
    if (refusal) {
      // Drop the body we will not read, so the connection is freed now rather than at garbage collection.
      await response.body?.cancel().catch(() => undefined);
      throw refusal;
    }
    return await readCapped(response, limits.maxBytes);
  } catch (err) {
    if (timeout.aborted) throw new UserError(`The link did not deliver the image within ${formatMs(limits.timeoutMs)}`);
    if (err instanceof UserError) throw err;
    if (signal?.aborted) throw err;
    throw new UserError(`Could not fetch the link: ${causeOf(err)}`);
  }
}

/** Why the response will not do (status, type, declared size), judged from its headers alone. */
function refusalOf(response: Response, maxBytes: number): UserError | undefined {
  if (!response.ok) return new UserError(`The link answered ${response.status} ${response.statusText}`.trim());
  const type = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!type.startsWith("image/")) return new UserError(`The link is not an image (content type ${type || "unknown"})`);
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) return tooBig(declared, maxBytes);
  return undefined;
}

async function readCapped(response: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  // Node types a fetch body as a stream of any; its chunks are bytes.
  const reader = (response.body as ReadableStream<Uint8Array> | null)?.getReader();
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

/** Network failures in words; fetch hides them in `cause` behind "fetch failed". */
const NETWORK_ERRORS: Record<string, string> = {
  ECONNREFUSED: "the server refused the connection",
  ENOTFOUND: "there is no such host",
  EAI_AGAIN: "the host name could not be looked up",
  ECONNRESET: "the connection was cut off",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "the host cannot be reached",
  ENETUNREACH: "the network cannot be reached",
};

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code;
  if (code && NETWORK_ERRORS[code]) return `${NETWORK_ERRORS[code]} (${code})`;
  return code ?? cause?.message ?? (err as Error)?.message ?? String(err);
}
