import path from "node:path";
import { installTsPlugins } from "./tsPlugins";

/** Loads a plugin's entry module. Swappable so tests can observe loading. */
export type ModuleLoader = (pluginDir: string) => unknown;

/**
 * Node's require, after dropping the plugin's own files from the module cache
 * so that `.reload` sees edited code. Shared libraries (GramJS, sharp) stay
 * cached: reloading them would break `instanceof` checks across plugins.
 */
export const requireFresh: ModuleLoader = (pluginDir) => {
  // Compiled runs need a loader for plugins written in TypeScript (no-op under tsx and jest).
  installTsPlugins();
  const prefix = path.resolve(pluginDir) + path.sep;
  const cache = require.cache as Record<string, unknown> | undefined;
  if (cache) {
    for (const file of Object.keys(cache)) if (file.startsWith(prefix)) delete cache[file];
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a folder known only at run time, loaded again after its cache entries went
  return require(path.resolve(pluginDir));
};
