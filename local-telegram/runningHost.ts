/**
 * Builds the real host (real GramJS client, real plugins, real stores on a
 * temp disk) against a local TestDc, for integration tests and benchmarks.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildTelegram } from "../src/app/buildTelegram";
import { appConfigSchema } from "../src/config/appConfig";
import { loadConfig } from "../src/config/loadConfig";
import type { Env } from "../src/config/env";
import type { SessionRevokedError } from "../src/core/errors";
import { Host } from "../src/host/host";
import type { ModuleLoader } from "../src/plugins/moduleLoader";
import { createLogger, type Logger, type LogLevel } from "../src/log/logger";
import { Redactor } from "../src/log/redact";
import type { Clock } from "../src/telegram/clock";
import type { TelegramService } from "../src/telegram/service";
import type { TransferTuning } from "../src/telegram/transfer/limits";
import { TestDc } from "./server";
import { World, type SeededWorld } from "./world";

export const TEST_API_ID = 17349;
/** Looks like a real API hash so that redaction is tested on a realistic value. */
export const TEST_API_HASH = "3b6c2f0e9a7d41c58e2b1f4d6a9c0e77";

/**
 * A Telegram client as the userbot builds it (test API id and hash), pinned
 * to `dc`, with no host around it: for login tests and for the owner's
 * "other session" (the phone that accepts a QR code).
 */
export function testTelegram(opts: {
  dc: { host: string; port: number; dcId: number };
  session?: string;
  log: Logger;
  clock?: Clock;
  otherDcs?: { host: string; port: number; dcId: number }[];
}): TelegramService {
  const app = appConfigSchema.parse({ telegram: { connectionRetries: 1, requestTimeoutSeconds: 10 } });
  const env: Env & { apiId: number; apiHash: string } = {
    apiId: TEST_API_ID,
    apiHash: TEST_API_HASH,
    session: undefined,
    sessionVar: undefined,
    dc: opts.dc,
    otherDcs: opts.otherDcs ?? [],
    logLevel: undefined,
    dataDir: "unused",
    configDir: "unused",
    pluginsDir: "unused",
  };
  return buildTelegram(env, app, opts.session ?? "", opts.log, opts.clock ? { clock: opts.clock } : {});
}

export interface HostSetup {
  dc: TestDc;
  /** Plugin folders to load (config "plugins"); default none. */
  plugins?: string[];
  pluginsDir?: string;
  /** Written to config/local.json (merged over the repository's config/default.json). */
  local?: Record<string, unknown>;
  /** Reuse a data folder (restart tests). */
  dataDir?: string;
  logLevel?: LogLevel;
  /** A session to use instead of a fresh pre-shared key for the owner (e.g. one a login produced). */
  sessionString?: string;
  /** Override the Telegram settings of config (e.g. floodSleepThreshold). */
  telegram?: Record<string, unknown>;
  /** Where the client dials instead of the server itself, e.g. a LinkProxy in front of it. */
  address?: { host: string; port: number };
  /** Further DCs of the world (media kept elsewhere), at the address the client dials. */
  otherDcs?: { host: string; port: number; dcId: number }[];
  /** Part sizes and requests in flight (the bench's baseline selects the sequential path). */
  transferTuning?: TransferTuning;
  /** How plugin folders are loaded (default: require); the plugin test harness hands in plugins from memory. */
  loader?: ModuleLoader;
  /** The request pipeline's clock (flood waits, 500 pauses, timeouts): the fault suite passes a ManualClock. */
  clock?: Clock;
}

export interface RunningHost {
  dc: TestDc;
  host: Host;
  telegram: TelegramService;
  dataDir: string;
  configDir: string;
  /** Every log line so far (redacted, as it would be printed). */
  logs: string[];
  /** What the host reported as a logged-out session (main.ts would exit 2). */
  revoked: SessionRevokedError[];
  redactor: Redactor;
  /** Resolves when the dispatcher has handled the message with this id in this chat. */
  handled(messageId: number, timeoutMs?: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startHost(setup: HostSetup): Promise<RunningHost> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "userbot-host-"));
  const dataDir = setup.dataDir ?? path.join(root, "data");
  const configDir = path.join(root, "config");
  fs.mkdirSync(configDir, { recursive: true });
  // The repository's defaults, but with exactly the plugins asked for: a local list would add to the default ones.
  const defaults = { ...(JSON.parse(fs.readFileSync(path.resolve("config/default.json"), "utf8")) as Record<string, unknown>), plugins: setup.plugins ?? [] };
  fs.writeFileSync(path.join(configDir, "default.json"), JSON.stringify(defaults, null, 2));
  const local = {
    ...setup.local,
    telegram: { floodSleepThreshold: 0, connectionRetries: 1, requestTimeoutSeconds: 10, ...setup.telegram },
  };
  fs.writeFileSync(path.join(configDir, "local.json"), JSON.stringify(local, null, 2));

  const logs: string[] = [];
  const redactor = new Redactor();
  const log = createLogger({ level: setup.logLevel ?? "debug", redactor, write: (line) => logs.push(line) });
  redactor.addSecret(TEST_API_HASH);
  const session = setup.sessionString ?? setup.dc.sessionString();
  redactor.addSecret(session);

  const env: Env & { apiId: number; apiHash: string } = {
    apiId: TEST_API_ID,
    apiHash: TEST_API_HASH,
    session,
    sessionVar: "TG_SESSION",
    dc: { ...(setup.address ?? { host: setup.dc.host, port: setup.dc.port }), dcId: setup.dc.dcId },
    otherDcs: setup.otherDcs ?? [],
    logLevel: undefined,
    dataDir,
    configDir,
    pluginsDir: setup.pluginsDir ?? path.resolve("plugins"),
  };
  const config = loadConfig(configDir);
  const telegram = buildTelegram(env, config.app, session, log, {
    ...(setup.transferTuning ? { transferTuning: setup.transferTuning } : {}),
    ...(setup.clock ? { clock: setup.clock } : {}),
  });
  await telegram.connect();

  const revoked: SessionRevokedError[] = [];
  const waiters = new Map<string, (ms: number) => void>();
  const done = new Map<string, number>();
  const keyOf = (message: { id: number }) => `${message.id}`;
  const host = new Host({
    telegram,
    config,
    log: log.child("host"),
    dataDir,
    pluginsDir: env.pluginsDir,
    loader: setup.loader,
    onSessionRevoked: (err) => revoked.push(err),
    onHandled: (message, ms) => {
      const key = keyOf(message);
      done.set(key, ms);
      waiters.get(key)?.(ms);
    },
  });
  await host.start();

  return {
    dc: setup.dc,
    host,
    telegram,
    dataDir,
    configDir,
    logs,
    revoked,
    redactor,
    handled(messageId, timeoutMs = 10000) {
      const key = `${messageId}`;
      if (done.has(key)) return Promise.resolve(done.get(key)!);
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`message ${messageId} was not handled within ${timeoutMs} ms`)), timeoutMs);
        waiters.set(key, (ms) => {
          clearTimeout(timer);
          resolve(ms);
        });
      });
    },
    async stop() {
      try {
        await host.stop();
        await telegram.close();
      } finally {
        // The config and (unless the caller brought one) the data folder were made here: leave nothing behind.
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

export interface SeededHost {
  world: SeededWorld;
  dc: TestDc;
  running: RunningHost;
  /** Stops the host, then the server. */
  stop(): Promise<void>;
}

/** The usual set-up: the seeded world, a local server for it, and a host on that server. */
export async function startSeededHost(
  setup: Omit<HostSetup, "dc" | "local"> & { local?: (world: SeededWorld) => Record<string, unknown> } = {},
): Promise<SeededHost> {
  const world = await World.seeded();
  const dc = await TestDc.start({ world, logLevel: "silent" });
  try {
    const running = await startHost({ ...setup, dc, local: setup.local?.(world) });
    return {
      world,
      dc,
      running,
      async stop() {
        await running.stop();
        await dc.stop();
      },
    };
  } catch (err) {
    await dc.stop();
    throw err;
  }
}
