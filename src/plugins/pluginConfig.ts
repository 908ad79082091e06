import path from "node:path";
import { ConfigError } from "../core/errors";
import { pluginLayer, validate, type ConfigSources } from "../config/loadConfig";
import type { SettingsSchema } from "./definePlugin";

/**
 * A plugin's settings: its defaults, overridden by config/default.json and
 * config/local.json, each value checked by the plugin's own schema. A bad
 * value names the file, the key and what was expected.
 */
export function resolvePluginConfig(plugin: string, settings: SettingsSchema, sources: ConfigSources): Record<string, unknown> {
  const layer = pluginLayer(sources, plugin);
  // Own keys only: "constructor" or "toString" in a config file is a typo, not a setting.
  const unknown = Object.keys(layer.values).filter((key) => !Object.hasOwn(settings, key));
  if (unknown.length) {
    const key = unknown[0];
    throw new ConfigError(`${layer.fileOf(key)}: pluginConfig.${plugin}: unknown key "${key}" (known: ${Object.keys(settings).join(", ") || "none"})`);
  }
  const config: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings)) {
    const given = Object.hasOwn(layer.values, key);
    const value = given ? layer.values[key] : setting.default;
    const file = given ? layer.fileOf(key) : `the default of plugin "${plugin}"`;
    config[key] = validate(setting.schema, value, file, `pluginConfig.${plugin}.${key}`);
  }
  return config;
}

/** Parses a value typed in `.config plugin key value`: JSON when it parses, otherwise the text. */
export function parseSettingInput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function pluginDataDir(dataDir: string, plugin: string): string {
  return path.join(dataDir, "plugins", plugin);
}
