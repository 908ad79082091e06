import type { AppConfig } from "../config/appConfig";
import type { Env } from "../config/env";
import type { Logger } from "../log/logger";
import { TelegramService, type TelegramSettings } from "../telegram/service";

/** The Telegram client as configured by .env and config/*.json; `overrides` serve benchmarks and tests. */
export function buildTelegram(
  env: Env & { apiId: number; apiHash: string },
  app: AppConfig,
  session: string,
  log: Logger,
  overrides: Partial<Pick<TelegramSettings, "transferTuning" | "clock">> = {},
): TelegramService {
  return new TelegramService({
    apiId: env.apiId,
    apiHash: env.apiHash,
    session,
    dc: env.dc,
    otherDcs: env.otherDcs,
    transport: app.telegram.transport,
    floodSleepThreshold: app.telegram.floodSleepThreshold,
    floodWaitRetries: app.telegram.floodWaitRetries,
    connectionRetries: app.telegram.connectionRetries,
    requestTimeoutMs: app.telegram.requestTimeoutSeconds * 1000,
    transferTimeoutMs: app.telegram.transferTimeoutSeconds * 1000,
    log: log.child("gramjs"),
    ...overrides,
  });
}
