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
  dc: PinnedDc | undefined;
  logLevel: string | undefined;
  dataDir: string;
  configDir: string;
}

const DC_PATTERN = /^(\[[0-9a-fA-F:]+\]|[^:/\s]+):(\d{1,5})(?:\/(\d{1,3}))?$/;

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

/** Finds the session variable: TG_SESSION, SESSION_STRING, ... (any name containing SESSION). */
function findSession(env: NodeJS.ProcessEnv): { name: string; value: string } | undefined {
  const names = Object.keys(env)
    .filter((name) => name.toUpperCase().includes("SESSION") && env[name]?.trim())
    .sort();
  if (names.length > 1) {
    throw new ConfigError(`Several session variables are set (${names.join(", ")}); keep one`);
  }
  return names.length ? { name: names[0], value: env[names[0]]!.trim() } : undefined;
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const rawId = env.API_ID?.trim();
  let apiId: number | undefined;
  if (rawId) {
    apiId = Number(rawId);
    if (!Number.isInteger(apiId) || apiId <= 0) throw new ConfigError(`API_ID: expected a positive whole number, got "${rawId}"`);
  }
  const session = findSession(env);
  return {
    apiId,
    apiHash: env.API_HASH?.trim() || undefined,
    session: session?.value,
    sessionVar: session?.name,
    dc: env.TELEGRAM_DC?.trim() ? parseDc(env.TELEGRAM_DC) : undefined,
    logLevel: env.LOG_LEVEL?.trim() || undefined,
    dataDir: env.DATA_DIR?.trim() || "data",
    configDir: env.CONFIG_DIR?.trim() || "config",
  };
}

export const MISSING_API_CREDENTIALS = [
  "API_ID and API_HASH are not set.",
  "Get them at https://my.telegram.org → API development tools (log in with your phone number, create an app),",
  "then put them in .env (copy .env.example) or in the environment.",
].join("\n");
