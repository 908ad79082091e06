/**
 * Test helpers: a real GramJS client wired to a TestDc, and a clean way to
 * close it.
 */
import bigInt from "big-integer";
import { Api, TelegramClient } from "telegram";
import { createLogger, type LogLevel } from "../../src/log/logger";
import type { TransportName } from "../../src/telegram/connection";
import { TelegramService } from "../../src/telegram/service";
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

const services = new WeakMap<TelegramClient, TelegramService>();

/**
 * A GramJS client built by the project's own TelegramService (pinned
 * connection, no flood sleeping), so the tests exercise the same client set-up
 * and the same complete shutdown as the userbot.
 */
export function createTestClient(dc: TestDc, opts: TestClientOptions = {}): TelegramClient {
  const service = new TelegramService({
    apiId: API_ID,
    apiHash: API_HASH,
    session: opts.session ?? dc.sessionString(),
    dc: { host: dc.host, port: dc.port, dcId: dc.dcId },
    transport: opts.transport ?? "full",
    floodSleepThreshold: 0,
    connectionRetries: 1,
    autoReconnect: opts.autoReconnect ?? false,
    requestTimeoutMs: 10_000,
    transferTimeoutMs: 60_000,
    log: createLogger({ level: opts.logLevel ?? "silent" }),
  });
  services.set(service.client, service);
  return service.client;
}

export async function connectTestClient(dc: TestDc, opts: TestClientOptions = {}): Promise<TelegramClient> {
  const client = createTestClient(dc, opts);
  await client.connect();
  return client;
}

/** Closes everything the client opened (see TelegramService.close). */
export async function closeTestClient(client: TelegramClient): Promise<void> {
  const service = services.get(client);
  if (!service) throw new Error("closeTestClient: not a client made by createTestClient");
  await service.close();
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
    return request.id.map(() => new Api.User({ self: true, id: bigIntOf(userId), accessHash: bigIntOf(1n), firstName: "Owner" }));
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
