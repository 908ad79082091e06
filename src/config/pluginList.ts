import path from "node:path";
import { DEFAULT_FILE, LOCAL_FILE, type ConfigSources } from "./loadConfig";

/** One plugin the config names, with the file that enabled it and, if it is off, the file that disabled it. */
export interface PlannedPlugin {
  readonly name: string;
  /** "config/default.json" or "config/local.json" (as a path under the config folder). */
  readonly enabledBy: string;
  /** Set when `disabledPlugins` names it: the file that did. */
  readonly disabledBy?: string;
}

/**
 * Which plugins to load. A list in config/local.json adds to the defaults
 * (config/default.json) instead of replacing them: adding "hello" must not
 * silently drop contact-avatar. `disabledPlugins`, in either file, turns one
 * off. Order: the defaults first, then the local additions.
 */
export function pluginPlan(sources: ConfigSources): PlannedPlugin[] {
  const defaultsFile = path.join(sources.dir, DEFAULT_FILE);
  const localFile = path.join(sources.dir, LOCAL_FILE);
  const disabledBy = new Map<string, string>();
  for (const [layer, file] of [
    [sources.defaults, defaultsFile],
    [sources.local, localFile],
  ] as const) {
    for (const name of names(layer.disabledPlugins)) disabledBy.set(name, file);
  }
  const plan = new Map<string, PlannedPlugin>();
  for (const [layer, file] of [
    [sources.defaults, defaultsFile],
    [sources.local, localFile],
  ] as const) {
    for (const name of names(layer.plugins)) {
      if (!plan.has(name)) plan.set(name, { name, enabledBy: file, disabledBy: disabledBy.get(name) });
    }
  }
  return [...plan.values()];
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
