/**
 * Test helpers: a real GramJS client wired to a TestDc, and a clean way to
 * close it (GramJS's own disconnect leaves the upload senders running).
 */
import bigInt from "big-integer";
import { Api, TelegramClient } from "telegram";
import { Logger, LogLevel } from "telegram/extensions/Logger";
import { StringSession } from "telegram/sessions";
import { pinnedConnection, type TransportName } from "../../../src/telegram/connection";
import type { TestDc } from "../server";
import { RpcError } from "./rpc";

export interface TestClientOptions {
  transport?: TransportName;
  /** A StringSession string; default a fresh pre-shared key of the owner. */
  session?: string;
  /** Reconnect after a dropped connection; off by default so a drop surfaces as an error. */
  autoReconnect?: boolean;
  logLevel?: LogLevel;
}

/** Any value will do: the test DC does not check the app's credentials. */
const API_ID = 1;
const API_HASH = "0123456789abcdef0123456789abcdef";

export function createTestClient(dc: TestDc, opts: TestClientOptions = {}): TelegramClient {
  return new TelegramClient(new StringSession(opts.session ?? dc.sessionString()), API_ID, API_HASH, {
    connection: pinnedConnection(opts.transport ?? "full", dc.host, dc.port),
    connectionRetries: 1,
    autoReconnect: opts.autoReconnect ?? false,
    baseLogger: new Logger(opts.logLevel ?? LogLevel.NONE),
    floodSleepThreshold: 0,
  });
}

export async function connectTestClient(dc: TestDc, opts: TestClientOptions = {}): Promise<TelegramClient> {
  const client = createTestClient(dc, opts);
  await client.connect();
  return client;
}

interface ExportedSenders {
  _exportedSenderPromises: Map<number, Promise<{ disconnect(): Promise<void> } | undefined>>;
  _exportedSenderReleaseTimeouts: Map<number, NodeJS.Timeout>;
}

/**
 * Destroys a client and the exported senders GramJS forgets: its
 * disconnect() walks those Maps with Object.values() (always empty) and
 * then clears them, leaving sockets and a 30 s timer behind.
 */
export async function closeTestClient(client: TelegramClient): Promise<void> {
  const internals = client as unknown as ExportedSenders;
  const senders = [...internals._exportedSenderPromises.values()];
  for (const timer of internals._exportedSenderReleaseTimeouts.values()) clearTimeout(timer);
  internals._exportedSenderReleaseTimeouts.clear();
  await client.destroy();
  await Promise.all(senders.map(async (p) => (await p.catch(() => undefined))?.disconnect()));
}

/**
 * The least a server needs for GramJS to work without the world's methods:
 * users.GetUsers answering the logged-in user for inputUserSelf. Protocol
 * tests register it over the world's so they depend on nothing else.
 */
export function registerMinimalMethods(dc: TestDc): void {
  dc.methods.on("users.GetUsers", (request: Api.users.GetUsers, ctx) => {
    const userId = ctx.userId;
    // What Telegram answers on a key that is not logged in.
    if (userId === undefined) throw new RpcError(401, "AUTH_KEY_UNREGISTERED");
    return request.id.map(
      () => new Api.User({ self: true, id: bigIntOf(userId), accessHash: bigIntOf(1n), firstName: "Owner" }),
    );
  });
}

function bigIntOf(value: bigint): bigInt.BigInteger {
  return bigInt(value.toString());
}

/** Rejects after `ms` so that a hang in GramJS fails the test instead of stalling it. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
