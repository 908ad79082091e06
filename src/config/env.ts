import { ConfigError } from "../core/errors";
import type { PinnedDc } from "../telegram/service";

/** Secrets and machine-specific settings, from the environment (and .env). */
export interface Env {
  apiId: number | undefined;
  apiHash: string | undefined;
  /** A session string from a variable with SESSION in its name, if any. */
  session: string | undefined;
  /** The name of that variable, for messages (never its value). */
  sessionVar: string | undefined;
  /** The account's own DC, pinned to an address (TELEGRAM_DC's first entry). */
  dc: PinnedDc | undefined;
  /** Further DCs TELEGRAM_DC pins (e.g. where some media is kept). */
  otherDcs?: PinnedDc[];
  logLevel: string | undefined;
  dataDir: string;
  configDir: string;
  pluginsDir: string;
}

// Brackets may hold an IPv4-mapped address ("[::ffff:127.0.0.1]"), hence the dot; a bare host has none.
const DC_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[^:/\s[\]]+):(\d{1,5})(?:\/(\d{1,3}))?$/;

/** Parses TELEGRAM_DC: "host:port" or "host:port/dcId" (default DC 2), IPv6 in brackets. */
export function parseDc(value: string): PinnedDc {
  const match = DC_PATTERN.exec(value.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new ConfigError(`TELEGRAM_DC: expected host:port or host:port/dcId (e.g. 127.0.0.1:44301/2), got "${value}"`);
  }
  const dcId = match[3] ? Number(match[3]) : 2;
  if (dcId < 1) throw new ConfigError(`TELEGRAM_DC: the DC id must be 1 or more, got ${dcId}`);
  return { host: match[1].replace(/^\[|\]$/g, ""), port, dcId };
}

const DC_ENTRY = /^(\d{1,3})=(.+)$/;

/**
 * Parses TELEGRAM_DC in either form: "host:port[/dcId]" (one server for
 * every DC, as before), or a list pinning each DC id to its address,
 * "2=127.0.0.1:4000,4=127.0.0.1:4001", whose first entry is the account's own DC.
 */
export function parseDcList(value: string): { home: PinnedDc; others: PinnedDc[] } {
  const entries = value.split(",").map((e) => e.trim());
  if (entries.length === 1 && !DC_ENTRY.test(entries[0])) return { home: parseDc(entries[0]), others: [] };
  const pinned = entries.map((entry) => {
    const match = DC_ENTRY.exec(entry);
    if (!match)
      throw new ConfigError(`TELEGRAM_DC: expected id=host:port entries separated by commas (e.g. 2=127.0.0.1:4000,4=127.0.0.1:4001), got "${entry}"`);
    const address = parseDc(match[2]);
    if (/\/\d+$/.test(match[2])) throw new ConfigError(`TELEGRAM_DC: "${entry}" names its DC twice; write ${match[1]}=host:port`);
    const dcId = Number(match[1]);
    if (dcId < 1) throw new ConfigError(`TELEGRAM_DC: the DC id must be 1 or more, got ${dcId}`);
    return { ...address, dcId };
  });
  const ids = pinned.map((p) => p.dcId);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new ConfigError(`TELEGRAM_DC: DC ${repeated} is listed twice`);
  return { home: pinned[0], others: pinned.slice(1) };
}

/**
 * Variables a desktop or login manager sets that merely contain SESSION in
 * their name; without this list a plain Linux desktop would count several
 * "session variables" and refuse to start.
 */
const SYSTEM_SESSION_VARS = /^(XDG_SESSION_\w*|DBUS_SESSION_BUS_\w*|SESSION_MANAGER|DESKTOP_SESSION|GNOME_DESKTOP_SESSION_ID)$/i;

/** Finds the session variable: TG_SESSION, SESSION_STRING, ... (any name containing SESSION). */
function findSession(env: NodeJS.ProcessEnv): { name: string; value: string } | undefined {
  const names = Object.keys(env)
    .filter((name) => name.toUpperCase().includes("SESSION") && !SYSTEM_SESSION_VARS.test(name) && env[name]?.trim())
    .sort();
  if (names.length > 1) {
    throw new ConfigError(`Several session variables are set (${names.join(", ")}); keep one`);
  }
  return names.length ? { name: names[0], value: env[names[0]]!.trim() } : undefined;
}

const MAX_API_ID = 2 ** 31 - 1;

/** Reads the settings, and takes API_HASH and the session variable out of `env` (process.env by default). */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const rawId = env.API_ID?.trim();
  let apiId: number | undefined;
  if (rawId) {
    // Digits only: Number() would also take "1e5", "0x10" or "12.0". Telegram's api_id is a 32-bit int.
    apiId = /^\d{1,10}$/.test(rawId) ? Number(rawId) : NaN;
    if (!Number.isInteger(apiId) || apiId <= 0 || apiId > MAX_API_ID) throw new ConfigError(`API_ID: expected a positive whole number, got "${rawId}"`);
  }
  const session = findSession(env);
  const apiHash = env.API_HASH?.trim() || undefined;
  // Read once, then gone: plugins share this process and its environment
  // (as do ffmpeg and any other child process), and have no business with either.
  delete env.API_HASH;
  if (session) delete env[session.name];
  return {
    apiId,
    apiHash,
    session: session?.value,
    sessionVar: session?.name,
    ...pinnedDcs(env.TELEGRAM_DC),
    logLevel: env.LOG_LEVEL?.trim() || undefined,
    dataDir: env.DATA_DIR?.trim() || "data",
    configDir: env.CONFIG_DIR?.trim() || "config",
    pluginsDir: env.PLUGINS_DIR?.trim() || "plugins",
  };
}

function pinnedDcs(value: string | undefined): { dc: PinnedDc | undefined; otherDcs: PinnedDc[] } {
  if (!value?.trim()) return { dc: undefined, otherDcs: [] };
  const { home, others } = parseDcList(value);
  return { dc: home, otherDcs: others };
}

export const MISSING_API_CREDENTIALS = [
  "API_ID and API_HASH are not set.",
  "Get them at https://my.telegram.org → API development tools (log in with your phone number, create an app),",
  "then put them in .env (copy .env.example) or in the environment.",
].join("\n");
