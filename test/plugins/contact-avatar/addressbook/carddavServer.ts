/**
 * A small CardDAV server for the tests: one address book behind Basic auth,
 * answering the two REPORTs a client reads cards with (addressbook-query for
 * the list, addressbook-multiget for the cards, RFC 6352 §8.6–8.7). Enough
 * for tsdav, and it can be told to refuse (401), fail (500) or hang.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type CardDavMode = "ok" | "fail" | "hang";

export interface LocalCardDav {
  /** The address book's collection URL (what CARDDAV_URL holds). */
  url: string;
  username: string;
  password: string;
  cards: Map<string, string>;
  mode: CardDavMode;
  /** Requests served, by method and body kind, for tests that count them. */
  requests: string[];
  close(): Promise<void>;
}

const COLLECTION = "/dav/addressbooks/owner/contacts/";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

function etag(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return `"${(h >>> 0).toString(16)}"`;
}

function responseXml(href: string, card: string, withData: boolean): string {
  const data = withData ? `<card:address-data>${escapeXml(card)}</card:address-data>` : "";
  return `<d:response><d:href>${href}</d:href><d:propstat><d:prop><d:getetag>${escapeXml(etag(card))}</d:getetag>${data}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;
}

function multistatus(inner: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav">${inner}</d:multistatus>`;
}

export async function startLocalCardDav(cards: Record<string, string> = {}): Promise<LocalCardDav> {
  const hanging = new Set<ServerResponse>();
  const state: Omit<LocalCardDav, "url" | "close"> = {
    username: "owner",
    password: "s3cret-pass",
    cards: new Map(Object.entries(cards)),
    mode: "ok",
    requests: [],
  };
  const server: Server = createServer((req, res) => void handle(req, res));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf-8");
    state.requests.push(`${req.method} ${/addressbook-multiget/.test(body) ? "multiget" : /addressbook-query/.test(body) ? "query" : "other"}`);
    if (state.mode === "hang") {
      hanging.add(res);
      return;
    }
    if (state.mode === "fail") return void res.writeHead(500, "Internal Server Error").end("boom");
    const expected = `Basic ${Buffer.from(`${state.username}:${state.password}`).toString("base64")}`;
    if (req.headers.authorization !== expected) {
      return void res.writeHead(401, "Unauthorized", { "www-authenticate": 'Basic realm="contacts"' }).end();
    }
    if (req.method !== "REPORT" || req.url !== COLLECTION) return void res.writeHead(404, "Not Found").end();
    const entries = [...state.cards.entries()];
    let inner: string;
    if (/addressbook-multiget/.test(body)) {
      const wanted = [...body.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]);
      inner = entries
        .filter(([name]) => wanted.includes(COLLECTION + name))
        .map(([name, card]) => responseXml(COLLECTION + name, card, true))
        .join("");
    } else {
      const withData = /address-data/.test(body);
      inner = entries.map(([name, card]) => responseXml(COLLECTION + name, card, withData)).join("");
    }
    res.writeHead(207, "Multi-Status", { "content-type": "application/xml; charset=utf-8" }).end(multistatus(inner));
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const dav = state as LocalCardDav;
  dav.url = `http://127.0.0.1:${port}${COLLECTION}`;
  dav.close = async () => {
    for (const res of hanging) res.socket?.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return dav;
}
