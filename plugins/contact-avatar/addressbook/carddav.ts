/**
 * Reads a CardDAV address book (Nextcloud, iCloud, Fastmail, Radicale …) with
 * tsdav, the maintained WebDAV/CardDAV client: the REPORT and multiget XML,
 * href resolution and response parsing are its job.
 *
 * Where and who come only from the environment (.env): CARDDAV_URL (the
 * address book's collection URL), CARDDAV_USERNAME, CARDDAV_PASSWORD. None of
 * them is ever put in config, a message or a log line: errors say "the
 * CardDAV server", never its address.
 *
 * tsdav turns an HTTP failure into an empty result rather than an error (a
 * 401 would read as "no cards"), so every request goes through our fetch,
 * which has a time limit and turns a refusal into a clear AddressBookError.
 */
import { formatMs } from "contact-userbot/sdk";
import { AddressBookError } from "./errors";

export interface CardDavAccount {
  url: string;
  username: string;
  password: string;
}

export const CARDDAV_ENV = { url: "CARDDAV_URL", username: "CARDDAV_USERNAME", password: "CARDDAV_PASSWORD" } as const;

/** The account from the environment, or undefined when CARDDAV_URL is not set. */
export function cardDavAccountFromEnv(env: NodeJS.ProcessEnv = process.env): CardDavAccount | undefined {
  const url = env[CARDDAV_ENV.url]?.trim();
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
  } catch {
    throw new AddressBookError(`${CARDDAV_ENV.url} in .env is not an http(s) URL`);
  }
  return { url, username: env[CARDDAV_ENV.username] ?? "", password: env[CARDDAV_ENV.password] ?? "" };
}

export interface CardDavOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Cards asked for in one addressbook-multiget: what the import holds of a CardDAV book at a time. */
export const CARDDAV_BATCH = 25;

/**
 * Every card's vCard text, in the server's order, a batch at a time: the
 * list of card URLs first (addressbook-query for etags only), then the cards
 * in multigets of `batch`, so a book of thousands of photos is never in
 * memory at once. Throws AddressBookError for a refusal, a failure or no
 * answer, before any card or at the batch that failed.
 */
export async function* fetchCardDavCards(account: CardDavAccount, options: CardDavOptions & { batch?: number }): AsyncGenerator<string> {
  // Loaded by the first import, not at plugin load: the userbot's start-up does not pay for a CardDAV client.
  const { addressBookQuery, fetchVCards, getBasicAuthHeaders } = await import("tsdav");
  const guardedFetch = guardFetch(options);
  const addressBook = { url: account.url };
  const headers = getBasicAuthHeaders({ username: account.username, password: account.password });
  const urls = await readable(async () => {
    const listed = await addressBookQuery({ url: account.url, props: { "d:getetag": {} }, depth: "1", headers, fetch: guardedFetch });
    return listed.map((r) => r.href ?? "").filter((href) => href.trim() !== "" && !sameUrl(href, account.url));
  });
  const size = options.batch ?? CARDDAV_BATCH;
  for (let start = 0; start < urls.length; start += size) {
    const results = await readable(() => fetchVCards({ addressBook, objectUrls: urls.slice(start, start + size), headers, fetch: guardedFetch }));
    for (const result of results) if (typeof result.data === "string" && result.data !== "") yield result.data;
  }
}

/** tsdav's own errors (an answer it cannot parse) as an AddressBookError; ours pass through. */
async function readable<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AddressBookError) throw err;
    throw new AddressBookError(`The CardDAV server's answer could not be read (${(err as Error).message?.slice(0, 80)})`);
  }
}

/** The collection itself is listed among its members by some servers. */
function sameUrl(href: string, collection: string): boolean {
  const path = (url: string) => new URL(url, collection).pathname.replace(/\/$/, "");
  return path(href) === path(collection);
}

function guardFetch(options: CardDavOptions): typeof fetch {
  return async (input, init) => {
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let response: Response;
    try {
      response = await fetch(input, { ...init, signal, redirect: "follow" });
    } catch (err) {
      if (timeout.aborted) throw new AddressBookError(`The CardDAV server did not answer within ${formatMs(options.timeoutMs)}`);
      if (options.signal?.aborted) throw err;
      throw new AddressBookError(`The CardDAV server cannot be reached (${networkReason(err)})`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw refusal(response.status, response.statusText);
    }
    // The body may still hang after the headers: read it under the same time limit.
    const text = await response.text().catch((err: unknown) => {
      if (timeout.aborted) throw new AddressBookError(`The CardDAV server did not answer within ${formatMs(options.timeoutMs)}`);
      throw new AddressBookError(`The CardDAV server's answer was cut off (${networkReason(err)})`);
    });
    return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

function refusal(status: number, statusText: string): AddressBookError {
  const code = `${status}${statusText ? ` ${statusText}` : ""}`;
  if (status === 401 || status === 403) {
    return new AddressBookError(`The CardDAV server refused the login (${code}): check ${CARDDAV_ENV.username} and ${CARDDAV_ENV.password} in .env`);
  }
  if (status === 404) return new AddressBookError(`The CardDAV server has no address book at ${CARDDAV_ENV.url} (${code})`);
  if (status >= 500) return new AddressBookError(`The CardDAV server failed (${code}); nothing was changed, try again later`);
  return new AddressBookError(`The CardDAV server answered ${code}`);
}

function networkReason(err: unknown): string {
  const cause = (err as { cause?: { code?: string } })?.cause;
  return cause?.code ?? (err as Error)?.message ?? String(err);
}

/** The fetched cards as the stream scanAddressBook reads (servers trim the last line end; each card gets its own). */
export async function* cardDavStream(texts: AsyncIterable<string>): AsyncGenerator<string> {
  for await (const text of texts) yield `${text}\r\n`;
}
