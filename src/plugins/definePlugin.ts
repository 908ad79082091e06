import type { z } from "zod";
import type { CommandDefinition } from "../commands/types";
import type { Logger } from "../log/logger";
import type { JobDefinition, Scheduler } from "../scheduler/types";
import type { KeyValueStore } from "../storage/types";
import type { Telegram } from "../telegram/types";

/** One configurable value of a plugin. */
export interface SettingDefinition<S extends z.ZodType = z.ZodType> {
  /** Validates the value (zod); its messages name what was expected. */
  schema: S;
  default: z.infer<S>;
  description: string;
}

export type SettingsSchema = Record<string, SettingDefinition>;

/** The typed config object a plugin sees, inferred from its settings. */
export type SettingsOf<S extends SettingsSchema> = { [K in keyof S]: z.infer<S[K]["schema"]> };

/** What setup/teardown and jobs get. */
export interface PluginContext<Config = Record<string, unknown>> {
  readonly name: string;
  readonly telegram: Telegram;
  readonly store: KeyValueStore;
  readonly config: Readonly<Config>;
  readonly log: Logger;
  readonly scheduler: Scheduler;
  /** The owner's time zone (config "timezone"), for anything shown or scheduled in local time. */
  readonly timezone: string;
  /** The folder for the plugin's own files (under the data folder). */
  readonly dataDir: string;
  /** Aborted when the plugin is unloaded or reloaded, or the host stops. */
  readonly signal: AbortSignal;
  /** Sends a notice to the owner (Saved Messages or the configured log chat). */
  notifyOwner(text: string): Promise<void>;
}

export interface PluginDefinition<S extends SettingsSchema = SettingsSchema> {
  /** Lower-case, letters, digits and dashes; equals the folder name. */
  name: string;
  description: string;
  settings?: S;
  commands?: CommandDefinition<SettingsOf<S>>[];
  jobs?: ((ctx: PluginContext<SettingsOf<S>>) => JobDefinition[]) | JobDefinition[];
  /** Runs once after config validation; a throw disables the plugin. */
  setup?(ctx: PluginContext<SettingsOf<S>>): Promise<void> | void;
  /** A one-line status shown by `.plugins` (e.g. "video avatars need ffmpeg"). */
  status?(ctx: PluginContext<SettingsOf<S>>): string | undefined | Promise<string | undefined>;
  /** Runs on unload, reload and shutdown. */
  teardown?(ctx: PluginContext<SettingsOf<S>>): Promise<void> | void;
}

/** Identity helper that gives a plugin's definition full typing. */
export function definePlugin<S extends SettingsSchema = Record<string, never>>(definition: PluginDefinition<S>): PluginDefinition<S> {
  return definition;
}

/** Identity helper for one setting, so `default` is checked against `schema`. */
export function setting<S extends z.ZodType>(def: SettingDefinition<S>): SettingDefinition<S> {
  return def;
}
