/**
 * contact-userbot/sdk: everything a plugin imports from the host, in one
 * place. Plugins import this entry only (never ../../src/... and never
 * `telegram`), so the host's files and its Telegram client library can change
 * without breaking them. Resolved by package.json "exports" (compiled runs),
 * tsconfig "paths" (tsc, tsx) and jest's moduleNameMapper.
 */
export { definePlugin, setting } from "../plugins/definePlugin";
export type { PluginContext, PluginDefinition, SettingDefinition, SettingsOf, SettingsSchema } from "../plugins/definePlugin";
export type { CommandContext, CommandDefinition } from "../commands/types";
export type { ParsedArgs } from "../commands/parser";
export type { KeyValueStore } from "../storage/types";
export type { Logger, LogFields } from "../log/logger";
export type { JobDefinition, JobHandle, Scheduler } from "../scheduler/types";
// The Telegram interface and the project's own types of Telegram's objects (src/telegram/model.ts).
export type {
  Telegram,
  UsersApi,
  ContactsApi,
  MessagesApi,
  MediaApi,
  ContactPhotosApi,
  StickersApi,
  SendFileOptions,
  AlbumItem,
  RawRequest,
  RawResponse,
} from "../telegram/types";
export type * from "../telegram/model";
export { peerOfChatId } from "../telegram/chatIds";
export {
  UserError,
  UsageError,
  FloodWaitError,
  CancelledError,
  RequestTimeoutError,
  TelegramApiError,
  ConnectionFailedError,
  SessionRevokedError,
  ConfigError,
  UserNotFoundError,
} from "../core/errors";
export { RefusedMethodError } from "../plugins/telegramForPlugin";
/** How the host words an error in the chat: plugins that report several outcomes in one answer use it per line. */
export { describeFailure, type FailureReport } from "../commands/failure";
export { formatBytes } from "../util/bytes";
export { plural } from "../util/plural";
export { formatDuration, formatMs, parseDuration } from "../util/duration";
