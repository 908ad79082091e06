/**
 * contact-userbot/sdk: everything a plugin imports from the host, in one
 * place. Plugins import this entry only (never ../../src/...), so the host's
 * files can move without breaking them. Resolved by package.json "exports"
 * (compiled runs), tsconfig "paths" (tsc, tsx) and jest's moduleNameMapper.
 */
export { definePlugin, setting } from "../plugins/definePlugin";
export type { PluginContext, PluginDefinition, SettingDefinition, SettingsOf, SettingsSchema } from "../plugins/definePlugin";
export type { CommandContext, CommandDefinition } from "../commands/types";
export type { ParsedArgs } from "../commands/parser";
export type { KeyValueStore } from "../storage/types";
export type { Logger, LogFields } from "../log/logger";
export type { JobDefinition, JobHandle, Scheduler } from "../scheduler/types";
export type { Telegram, ProgressCallback } from "../telegram/types";
export {
  UserError,
  UsageError,
  FloodWaitError,
  RequestTimeoutError,
  TelegramApiError,
  ConnectionFailedError,
  SessionRevokedError,
  ConfigError,
} from "../core/errors";
export { RefusedMethodError } from "../plugins/telegramForPlugin";
export { formatBytes } from "../util/bytes";
