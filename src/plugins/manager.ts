import fs from "node:fs";
import path from "node:path";
import type { CommandRegistry } from "../commands/registry";
import type { ConfigSources } from "../config/loadConfig";
import type { PlannedPlugin } from "../config/pluginList";
import type { Logger } from "../log/logger";
import type { Scheduler } from "../scheduler/types";
import { JsonStore, type StoreRecovery } from "../storage/jsonStore";
import type { Telegram } from "../telegram/types";
import type { PluginContext, PluginDefinition } from "./definePlugin";
import type { ModuleLoader } from "./moduleLoader";
import { pluginLogger, pluginScheduler } from "./pluginFacades";
import { pluginDataDir, resolvePluginConfig } from "./pluginConfig";
import { telegramForPlugin } from "./telegramForPlugin";

export interface LoadedPlugin {
  status: "loaded";
  name: string;
  /** The config file whose `plugins` list named it (unset when loaded by hand, e.g. in tests). */
  enabledBy?: string;
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
  enabledBy?: string;
  /** Its command names and aliases, when known, so that typing one answers "disabled" instead of nothing. */
  commands?: string[];
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
  /** Whether the owner lists the plugin in `trustedPlugins` (see telegramForPlugin.ts). */
  trusted(name: string): boolean;
  /** The config layers; re-read on reload. */
  configSources(): ConfigSources;
  notifyOwner: (text: string) => Promise<void>;
  /** Waits for (or cancels) the plugin's commands in flight before its old generation is torn down. */
  finishWork?(name: string): Promise<void>;
  /** How long one teardown may take (default 10 s): a hung teardown must not hold up a reload or a stop. */
  teardownTimeoutMs?(): number;
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

  async loadAll(plan: (string | PlannedPlugin)[]): Promise<void> {
    for (const entry of plan) {
      const planned = typeof entry === "string" ? { name: entry, enabledBy: undefined, disabledBy: undefined } : entry;
      if (planned.disabledBy) this.records.set(planned.name, this.disabledByConfig(planned));
      else (await this.load(planned.name)).enabledBy = planned.enabledBy;
    }
  }

  /** The disabled plugin that provides this command name, if any. */
  disabledCommand(name: string): DisabledPlugin | undefined {
    const wanted = name.toLowerCase();
    for (const record of this.records.values()) {
      if (record.status === "disabled" && record.commands?.includes(wanted)) return record;
    }
    return undefined;
  }

  /**
   * A plugin the owner turned off. Its module is read (nothing of it is set
   * up, registered or scheduled) only to learn its command names, so that
   * typing one says "disabled" instead of nothing.
   */
  private disabledByConfig(planned: PlannedPlugin): DisabledPlugin {
    const record = disabled(planned.name, `disabled in ${planned.disabledBy} (disabledPlugins)`);
    record.enabledBy = planned.enabledBy;
    const dir = path.join(this.deps.pluginsDir, planned.name);
    if (!fs.existsSync(dir)) return record;
    try {
      const definition = pluginDefinitionOf(this.deps.loader(dir), planned.name);
      record.description = definition.description;
      record.commands = commandNames(definition);
    } catch {
      // Its commands stay unknown; `.plugins` still says it is disabled.
    }
    return record;
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

  /** `deadline` (epoch ms): the teardown gets what is left until then (a stop's budget), else teardownTimeoutMs. */
  async unload(name: string, deadline?: number): Promise<void> {
    const record = this.records.get(name);
    if (record?.status === "loaded") await this.deps.finishWork?.(name);
    this.records.delete(name);
    if (record?.status === "loaded") await this.release(record, true, deadline);
  }

  async reload(name: string): Promise<PluginRecord> {
    const enabledBy = this.records.get(name)?.enabledBy;
    await this.unload(name);
    const record = await this.load(name);
    record.enabledBy ??= enabledBy;
    return record;
  }

  async unloadAll(deadline?: number): Promise<void> {
    for (const name of [...this.records.keys()].reverse()) await this.unload(name, deadline);
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
      return disabled(name, `bad config: ${(err as Error).message}`, definition.description, commandNames(definition));
    }

    const dataDir = pluginDataDir(deps.dataDir, name);
    // Only facades reach the plugin: nothing it is given leads to the session, the API hash or the client.
    const log = pluginLogger(deps.log.child(name));
    let store: JsonStore;
    try {
      store = await JsonStore.open(path.join(dataDir, "store.json"), { log });
    } catch (err) {
      return disabled(name, `its store cannot be opened: ${(err as Error).message}`, definition.description, commandNames(definition));
    }
    if (store.recovery) void this.tellStoreLost(name, store.recovery);
    const controller = new AbortController();
    const context: PluginContext = {
      name,
      telegram: telegramForPlugin(deps.telegram, { plugin: name, trusted: deps.trusted(name) }),
      store,
      config,
      log,
      scheduler: pluginScheduler(deps.scheduler, name),
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
      const jobs = typeof definition.jobs === "function" ? definition.jobs(context) : (definition.jobs ?? []);
      for (const job of jobs) deps.scheduler.register(name, job);
    } catch (err) {
      deps.log.error(`plugin ${name} failed to start`, { err });
      // After a completed setup, teardown must run to undo it (timers, sockets).
      await this.release(loaded, setupDone);
      // A clash keeps its commands out: the names belong to whoever holds them, not to this plugin.
      const names = step === "its commands were refused" ? undefined : commandNames(definition);
      return disabled(name, `${step}: ${(err as Error).message}`, definition.description, names);
    }
    return loaded;
  }

  /** A damaged store was moved aside and the plugin starts empty: the owner hears it in Telegram, not just the log. */
  private async tellStoreLost(name: string, recovery: StoreRecovery): Promise<void> {
    const shown = recovery.lostKeys.slice(0, 10).join(", ");
    const more = recovery.lostKeys.length > 10 ? ` and ${recovery.lostKeys.length - 10} more` : "";
    const lost = recovery.lostKeys.length
      ? `Lost: ${recovery.lostKeys.length} saved entr${recovery.lostKeys.length === 1 ? "y" : "ies"} (${shown}${more}).`
      : "Nothing could be made out of it.";
    const text = `⚠️ Plugin ${name}: its saved data could not be read (${recovery.problem}) and it starts empty. ${lost} The old file is kept at ${recovery.movedTo}.`;
    await this.deps.notifyOwner(text).catch((err: unknown) => this.deps.log.error(`plugin ${name}: could not tell the owner about its damaged store`, { err }));
  }

  /** Undoes everything a load did; `teardown` only runs if setup completed. */
  private async release(plugin: LoadedPlugin, runTeardown = true, deadline?: number): Promise<void> {
    plugin.controller.abort();
    this.deps.scheduler.stopOwner(plugin.name);
    this.deps.registry.unregisterOwner(plugin.name);
    if (runTeardown) {
      const limitMs = Math.max(0, deadline !== undefined ? deadline - Date.now() : (this.deps.teardownTimeoutMs?.() ?? 10_000));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), limitMs)));
      try {
        const teardown = Promise.resolve().then(() => plugin.definition.teardown?.(plugin.context));
        teardown.catch(() => undefined);
        if ((await Promise.race([teardown, late])) === "late") {
          this.deps.log.warn(`plugin ${plugin.name}: teardown did not finish within ${limitMs} ms; going on without it`);
        }
      } catch (err) {
        this.deps.log.error(`plugin ${plugin.name}: teardown failed`, { err });
      } finally {
        clearTimeout(timer);
      }
    }
    await plugin.store.flush();
  }
}

function disabled(name: string, reason: string, description?: string, commands?: string[]): DisabledPlugin {
  return { status: "disabled", name, reason, description, commands };
}

function commandNames(definition: PluginDefinition): string[] {
  const commands = Array.isArray(definition.commands) ? definition.commands : [];
  return commands
    .flatMap((c) => [c.name, ...(c.aliases ?? [])])
    .filter((n): n is string => typeof n === "string")
    .map((n) => n.toLowerCase());
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
