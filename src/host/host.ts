import path from "node:path";
import { SessionRevokedError } from "../core/errors";
import { configCommand } from "../builtins/config";
import { helpCommand } from "../builtins/help";
import type { HostView } from "../builtins/hostView";
import { pingCommand } from "../builtins/ping";
import { pluginsCommand } from "../builtins/plugins";
import { reloadCommand } from "../builtins/reload";
import { Dispatcher } from "../commands/dispatcher";
import { stopReason } from "../commands/failure";
import { CommandRegistry } from "../commands/registry";
import { SelfSentTracker } from "../commands/selfSent";
import type { AppConfig } from "../config/appConfig";
import { loadConfig, type LoadedConfig } from "../config/loadConfig";
import { pluginPlan } from "../config/pluginList";
import type { Logger } from "../log/logger";
import { PluginManager } from "../plugins/manager";
import { requireFresh, type ModuleLoader } from "../plugins/moduleLoader";
import { CronScheduler } from "../scheduler/cronScheduler";
import type { JobDefinition, Scheduler } from "../scheduler/types";
import { MemoryStore } from "../storage/memoryStore";
import { peerOfChatId } from "../telegram/chatIds";
import type { ChatRef, HostTelegram, Message } from "../telegram/types";

/** The scheduler owner of the host's own jobs; the colon keeps it apart from every valid plugin name. */
export const HOST_JOBS_OWNER = ":host";
export const SESSION_CHECK_JOB = "session-check";

export interface HostOptions {
  telegram: HostTelegram;
  config: LoadedConfig;
  log: Logger;
  dataDir: string;
  pluginsDir?: string;
  loader?: ModuleLoader;
  scheduler?: Scheduler;
  /** See DispatcherDeps.onSessionRevoked. */
  onSessionRevoked?: (err: SessionRevokedError) => void;
  /** See DispatcherDeps.onHandled. */
  onHandled?: (message: Message, ms: number) => void;
}

/**
 * Everything between a connected Telegram client and the plugins: the
 * registry, the dispatcher, the plugin manager and the scheduler. Built in
 * one place, with nothing global, so that tests build as many as they like.
 */
export class Host {
  readonly registry = new CommandRegistry();
  readonly plugins: PluginManager;
  readonly dispatcher: Dispatcher;
  readonly scheduler: Scheduler;
  private config: LoadedConfig;
  private unsubscribe: (() => void) | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: HostOptions) {
    this.config = opts.config;
    const log = opts.log;
    // Plugins and commands get the plugin view: no raw client, no session.
    const telegram = opts.telegram.forPlugins();
    this.scheduler = opts.scheduler ?? new CronScheduler({ log: log.child("scheduler"), defaultTimezone: opts.config.app.timezone });
    this.plugins = new PluginManager({
      pluginsDir: opts.pluginsDir ?? path.resolve("plugins"),
      dataDir: opts.dataDir,
      registry: this.registry,
      scheduler: this.scheduler,
      telegram,
      log: log.child("plugins"),
      loader: opts.loader ?? requireFresh,
      configSources: () => this.config.sources,
      trusted: (name) => this.app.trustedPlugins.includes(name),
      timezone: () => this.app.timezone,
      notifyOwner: (text) => this.notifyOwner(text),
      // Reload and unload: the plugin's commands in flight finish first (or are cancelled with a clear line).
      finishWork: (name) =>
        this.dispatcher.finishOwner(name, stopReason(`${name} is being reloaded; run the command again`), this.app.shutdownTimeoutSeconds * 1000),
      teardownTimeoutMs: () => this.app.shutdownTimeoutSeconds * 1000,
    });
    this.dispatcher = new Dispatcher({
      registry: this.registry,
      plugins: this.plugins,
      telegram,
      log: log.child("commands"),
      selfSent: new SelfSentTracker(),
      builtinStore: new MemoryStore(),
      onHandled: opts.onHandled,
      onSessionRevoked: opts.onSessionRevoked,
      withSignal: (signal, run) => opts.telegram.withSignal(signal, run),
      settings: () => ({
        prefixes: this.app.prefixes,
        sudoIds: new Set(this.app.sudoUsers.map((id) => BigInt(id))),
        showErrorDetails: this.app.showErrorDetails,
      }),
    });
    const view: HostView = {
      registry: this.registry,
      plugins: this.plugins,
      telegram,
      prefix: () => this.app.prefixes[0],
      configSources: () => this.config.sources,
      rereadConfig: () => {
        this.config = loadConfig(this.config.sources.dir);
      },
    };
    for (const builtin of [helpCommand, pluginsCommand, reloadCommand, pingCommand, configCommand]) {
      this.registry.registerBuiltin(builtin(view));
    }
  }

  get app(): AppConfig {
    return this.config.app;
  }

  /** Loads the configured plugins and starts taking commands. */
  async start(): Promise<void> {
    await this.plugins.loadAll(pluginPlan(this.config.sources));
    this.scheduler.register(HOST_JOBS_OWNER, this.sessionCheck());
    this.unsubscribe = this.opts.telegram.onNewMessage((message) => void this.dispatcher.handle(message));
  }

  /**
   * Stops new commands, stops the scheduler, waits for commands in flight
   * (up to the configured time), tears plugins down and flushes their stores.
   * The Telegram connection is the caller's to close, after this.
   */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      const log = this.opts.log;
      // One budget for the whole stop: commands, jobs, then each plugin's teardown take what is left of it.
      const deadline = Date.now() + this.app.shutdownTimeoutSeconds * 1000;
      const left = () => Math.max(0, deadline - Date.now());
      this.unsubscribe?.();
      this.dispatcher.stopAccepting();
      const reason = stopReason("the userbot is shutting down");
      const jobs = this.scheduler.stopAll(left());
      if (!(await this.dispatcher.cancelAll(reason, left()))) log.warn("some commands did not finish before shutdown");
      await jobs;
      await this.plugins.unloadAll(deadline);
    })();
    return this.stopping;
  }

  /**
   * A logged-out session gets no more updates, so an idle userbot would never
   * notice: ask Telegram now and then, and stop (exit 2) when it says so.
   */
  private sessionCheck(): JobDefinition {
    return {
      name: SESSION_CHECK_JOB,
      cron: "*/10 * * * *",
      run: async () => {
        try {
          await this.opts.telegram.ping();
        } catch (err) {
          if (err instanceof SessionRevokedError) this.opts.onSessionRevoked?.(err);
          else throw err; // logged by the scheduler; the next check tries again
        }
      },
    };
  }

  async notifyOwner(text: string): Promise<void> {
    await this.opts.telegram.messages.send(logChatOf(this.app.logChat), text);
  }
}

/** The configured log chat: Saved Messages, or a Bot API style chat id. */
function logChatOf(logChat: "me" | number): ChatRef {
  return logChat === "me" ? "me" : peerOfChatId(BigInt(logChat));
}
