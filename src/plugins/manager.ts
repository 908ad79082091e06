import fs from "node:fs";
import path from "node:path";
import type { CommandRegistry } from "../commands/registry";
import type { ConfigSources } from "../config/loadConfig";
import type { Logger } from "../log/logger";
import type { Scheduler } from "../scheduler/types";
import { JsonStore } from "../storage/jsonStore";
import type { Telegram } from "../telegram/types";
import type { PluginContext, PluginDefinition } from "./definePlugin";
import type { ModuleLoader } from "./moduleLoader";
import { pluginDataDir, resolvePluginConfig } from "./pluginConfig";

export interface LoadedPlugin {
  status: "loaded";
  name: string;
  definition: PluginDefinition;
  context: PluginContext;
  store: JsonStore;
  controller: AbortController;
}

export interface DisabledPlugin {
  status: "disabled";
  name: string;
  reason: string;
  description?: string;
}

export type PluginRecord = LoadedPlugin | DisabledPlugin;

export interface PluginManagerDeps {
  pluginsDir: string;
  dataDir: string;
  registry: CommandRegistry;
  scheduler: Scheduler;
  telegram: Telegram;
  log: Logger;
  loader: ModuleLoader;
  /** The owner's time zone (config "timezone"). */
  timezone(): string;
  /** The config layers; re-read on reload. */
  configSources(): ConfigSources;
  notifyOwner(text: string): Promise<void>;
}

/**
 * Loads, unloads and reloads plugins. A plugin that fails at any step is
 * disabled with its reason and leaves nothing behind (no commands, jobs or
 * open store); the others are not affected.
 */
export class PluginManager {
  private readonly records = new Map<string, PluginRecord>();

  constructor(private readonly deps: PluginManagerDeps) {}

  list(): PluginRecord[] {
    return [...this.records.values()];
  }

  get(name: string): PluginRecord | undefined {
    return this.records.get(name);
  }

  async loadAll(names: string[]): Promise<void> {
    for (const name of names) await this.load(name);
  }

  /** Loads a plugin; one that is already loaded is left as it is (use reload). */
  async load(name: string): Promise<PluginRecord> {
    // Loading twice (a name listed twice in the config) would clash with itself,
    // and cleaning up that clash would remove the first copy's commands and jobs.
    const existing = this.records.get(name);
    if (existing?.status === "loaded") return existing;
    const record = await this.tryLoad(name);
    this.records.set(name, record);
    if (record.status === "disabled") this.deps.log.warn(`plugin ${name} disabled: ${record.reason}`);
    else this.deps.log.info(`plugin ${name} loaded`);
    return record;
  }

  async unload(name: string): Promise<void> {
    const record = this.records.get(name);
    this.records.delete(name);
    if (record?.status === "loaded") await this.release(record);
  }

  async reload(name: string): Promise<PluginRecord> {
    await this.unload(name);
    return this.load(name);
  }

  async unloadAll(): Promise<void> {
    for (const name of [...this.records.keys()].reverse()) await this.unload(name);
  }

  private async tryLoad(name: string): Promise<PluginRecord> {
    const { deps } = this;
    const dir = path.join(deps.pluginsDir, name);
    if (!fs.existsSync(dir)) return disabled(name, `not found: there is no folder ${dir}`);

    let definition: PluginDefinition;
    try {
      definition = pluginDefinitionOf(deps.loader(dir), name);
    } catch (err) {
      deps.log.error(`plugin ${name} failed to load`, { err });
      return disabled(name, `failed to load: ${(err as Error).message}`);
    }

    let config: Record<string, unknown>;
    try {
      config = resolvePluginConfig(name, definition.settings ?? {}, deps.configSources());
    } catch (err) {
      return disabled(name, `bad config: ${(err as Error).message}`, definition.description);
    }

    const dataDir = pluginDataDir(deps.dataDir, name);
    const log = deps.log.child(name);
    let store: JsonStore;
    try {
      store = await JsonStore.open(path.join(dataDir, "store.json"), { log });
    } catch (err) {
      return disabled(name, `its store cannot be opened: ${(err as Error).message}`, definition.description);
    }
    const controller = new AbortController();
    const context: PluginContext = {
      name,
      telegram: deps.telegram,
      store,
      config,
      log,
      scheduler: deps.scheduler,
      timezone: deps.timezone(),
      dataDir,
      signal: controller.signal,
      notifyOwner: deps.notifyOwner,
    };
    const loaded: LoadedPlugin = { status: "loaded", name, definition, context, store, controller };

    // Each step names itself in the reason, so `.plugins` says what went wrong.
    let step = "its commands were refused";
    let setupDone = false;
    try {
      deps.registry.registerPlugin(name, definition.commands ?? []);
      step = "setup failed";
      await definition.setup?.(context);
      setupDone = true;
      step = "its jobs were refused";
      const jobs = typeof definition.jobs === "function" ? definition.jobs(context) : definition.jobs ?? [];
      for (const job of jobs) deps.scheduler.register(name, job);
    } catch (err) {
      deps.log.error(`plugin ${name} failed to start`, { err });
      // After a completed setup, teardown must run to undo it (timers, sockets).
      await this.release(loaded, setupDone);
      return disabled(name, `${step}: ${(err as Error).message}`, definition.description);
    }
    return loaded;
  }

  /** Undoes everything a load did; `teardown` only runs if setup completed. */
  private async release(plugin: LoadedPlugin, runTeardown = true): Promise<void> {
    plugin.controller.abort();
    this.deps.scheduler.stopOwner(plugin.name);
    this.deps.registry.unregisterOwner(plugin.name);
    if (runTeardown) {
      try {
        await plugin.definition.teardown?.(plugin.context);
      } catch (err) {
        this.deps.log.error(`plugin ${plugin.name}: teardown failed`, { err });
      }
    }
    await plugin.store.flush();
  }
}

function disabled(name: string, reason: string, description?: string): DisabledPlugin {
  return { status: "disabled", name, reason, description };
}

/**
 * Accepts `export default definePlugin(...)`, or a function returning one
 * (called on every load, so a plugin's state lives in its closure and two
 * hosts in one process never share it), and checks the basics.
 */
function pluginDefinitionOf(mod: unknown, folder: string): PluginDefinition {
  const exported = (mod as { default?: unknown } | undefined)?.default;
  const candidate = typeof exported === "function" ? (exported as () => unknown)() : exported;
  if (typeof candidate !== "object" || candidate === null) {
    throw new Error("its entry does not export a plugin definition (export default definePlugin({...}))");
  }
  const def = candidate as PluginDefinition;
  if (def.name !== folder) throw new Error(`its definition is named "${String(def.name)}" but its folder is "${folder}"`);
  if (typeof def.description !== "string") throw new Error("its definition has no description");
  return def;
}
