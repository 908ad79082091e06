import fs from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { z } from "zod";
import { ConfigError } from "../core/errors";
import { appConfigSchema, type AppConfig } from "./appConfig";
import { pluginPlan } from "./pluginList";
import { describeIssue } from "./zodIssues";

export const DEFAULT_FILE = "default.json";
export const LOCAL_FILE = "local.json";

type Json = Record<string, unknown>;

/** The two layers as read from disk, kept apart so errors can name the file. */
export interface ConfigSources {
  dir: string;
  defaults: Json;
  local: Json;
}

export interface LoadedConfig {
  app: AppConfig;
  sources: ConfigSources;
}

export function readJsonObject(file: string): Json {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new ConfigError(`${file}: cannot be read (${(err as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`${file}: expected a JSON object at the top level`);
  }
  return value as Json;
}

/** Objects merge key by key; anything else (arrays included) is replaced. */
export function mergeLayers(base: Json, override: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeLayers(current, value) : value;
  }
  return out;
}

/** Throws ConfigError naming the file and key when `value` fails `schema`. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, file: string, keyPrefix = ""): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => describeIssue(issue, file, keyPrefix, value));
  throw new ConfigError(lines.join("\n"));
}

export function loadConfig(dir: string): LoadedConfig {
  const defaultsFile = path.join(dir, DEFAULT_FILE);
  const localFile = path.join(dir, LOCAL_FILE);
  const defaults = readJsonObject(defaultsFile);
  const local = readJsonObject(localFile);
  // Each layer must be valid on its own (every key has a default), so a
  // mistake is reported against the file that holds it.
  // Plugin settings are only shape-checked here; each plugin's schema checks them when it loads.
  validate(appConfigSchema, defaults, defaultsFile);
  validate(appConfigSchema, local, localFile);
  const app = validate(appConfigSchema, mergeLayers(defaults, local), localFile);
  const sources = { dir, defaults, local };
  // Lists of plugins add up across the layers instead of replacing each other (see pluginList.ts).
  app.plugins = pluginPlan(sources)
    .filter((p) => !p.disabledBy)
    .map((p) => p.name);
  return { app, sources };
}

/** Plugin settings of one plugin, merged, with the file each key came from. */
export function pluginLayer(sources: ConfigSources, plugin: string): { values: Json; fileOf(key: string): string } {
  const fromDefaults = asObject(asObject(sources.defaults.pluginConfig)[plugin]);
  const fromLocal = asObject(asObject(sources.local.pluginConfig)[plugin]);
  return {
    values: { ...fromDefaults, ...fromLocal },
    fileOf: (key) => path.join(sources.dir, Object.hasOwn(fromLocal, key) ? LOCAL_FILE : DEFAULT_FILE),
  };
}

/** Saves one plugin setting to config/local.json (atomically) and into `sources`. */
export async function savePluginSetting(sources: ConfigSources, plugin: string, key: string, value: unknown): Promise<void> {
  const local = readJsonObject(path.join(sources.dir, LOCAL_FILE));
  const pluginConfig = asObject(local.pluginConfig);
  const next = { ...local, pluginConfig: { ...pluginConfig, [plugin]: { ...asObject(pluginConfig[plugin]), [key]: value } } };
  await fs.promises.mkdir(sources.dir, { recursive: true });
  await writeFileAtomic(path.join(sources.dir, LOCAL_FILE), JSON.stringify(next, null, 2) + "\n", { mode: 0o600 });
  sources.local = next;
}

function asObject(value: unknown): Json {
  return isPlainObject(value) ? value : {};
}

function isPlainObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
