import { SessionRevokedError } from "../core/errors";
import type { Logger } from "../log/logger";
import type { DisabledPlugin, PluginManager } from "../plugins/manager";
import type { KeyValueStore } from "../storage/types";
import type { Message, Telegram } from "../telegram/types";
import { ChatCommandContext } from "./context";
import { raceAbort } from "../telegram/abort";
import { describeFailure } from "./failure";
import { matchCommand, splitArgs } from "./parser";
import { callerOf } from "./permissions";
import type { CommandRegistry, RegisteredCommand } from "./registry";
import type { SelfSentTracker } from "./selfSent";

export interface DispatcherDeps {
  registry: CommandRegistry;
  plugins: PluginManager;
  telegram: Telegram;
  log: Logger;
  selfSent: SelfSentTracker;
  /** Read on every message, so `.config`/reload changes apply at once. */
  settings(): { prefixes: string[]; sudoIds: ReadonlySet<bigint>; showErrorDetails: boolean };
  /** Storage for built-in commands (they keep nothing). */
  builtinStore: KeyValueStore;
  /** Called when Telegram says the session is gone: nothing more can work, the owner must log in again. */
  onSessionRevoked?: (err: SessionRevokedError) => void;
  /** Called after each message is fully handled (command or not): for tests and benchmarks. */
  onHandled?: (message: Message, ms: number) => void;
  /**
   * Runs a handler so that every Telegram request it makes takes `signal`
   * (the request pipeline's scope): a stop then cancels its calls too.
   */
  withSignal?<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T>;
}

/** A signal that never aborts: what answers run under (see ContextParts.unscoped). */
const NEVER = new AbortController().signal;

/** A command being handled: whose it is, and how to stop just it. */
interface CommandInFlight {
  owner: string | undefined;
  controller: AbortController;
  done: Promise<void>;
}

/**
 * From a new message to a command's answer: who sent it, which command, the
 * context, and the one error boundary every command runs inside.
 */
export class Dispatcher {
  private accepting = true;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly commands = new Set<CommandInFlight>();
  private readonly hostAbort = new AbortController();

  constructor(private readonly deps: DispatcherDeps) {}

  /** Handles one message; resolves when its command (if any) has finished. */
  handle(message: Message): Promise<void> {
    if (!this.accepting) return Promise.resolve();
    const started = performance.now();
    const work = this.dispatch(message)
      .catch((err) => this.deps.log.error("dispatch failed", { err }))
      .finally(() => this.deps.onHandled?.(message, performance.now() - started));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  stopAccepting(): void {
    this.accepting = false;
  }

  /**
   * Cancels every command in flight (shutdown): each one's signal aborts with
   * `reason`, and its message says it was stopped. Resolves true once all
   * have settled, false if `timeoutMs` passed first.
   */
  cancelAll(reason: Error, timeoutMs: number): Promise<boolean> {
    this.hostAbort.abort(reason);
    return settleWithin([...this.inFlight], timeoutMs);
  }

  /**
   * Before a plugin's old generation is torn down (reload, unload): its
   * commands in flight get `graceMs` to finish, then are cancelled with
   * `reason` and get `answerMs` more to say so.
   */
  async finishOwner(owner: string, reason: Error, graceMs: number, answerMs = 2000): Promise<void> {
    const mine = () => [...this.commands].filter((c) => c.owner === owner);
    if (
      await settleWithin(
        mine().map((c) => c.done),
        graceMs,
      )
    )
      return;
    const pending = mine();
    this.deps.log.info(`${pending.length} command(s) of ${owner} still running after ${graceMs} ms: cancelling them`);
    for (const command of pending) command.controller.abort(reason);
    await settleWithin(
      pending.map((c) => c.done),
      answerMs,
    );
  }

  private async dispatch(message: Message): Promise<void> {
    const { deps } = this;
    const text = message.text;
    if (!text || message.service) return;
    const settings = deps.settings();
    const parsed = safeParse(text, settings.prefixes);
    if (!parsed) return;
    const caller = callerOf(message, deps.telegram.self().id, settings.sudoIds);
    if (!caller) return;
    const chatId = message.chatId;
    if (deps.selfSent.isOwn(chatId, message.id, text)) return;

    const command = deps.registry.find(parsed.name);
    if (!command) {
      // A command of a plugin that is off gets told so (owner only: a sudo user learns nothing of the setup);
      // any other unknown word after the prefix is ordinary text, not an error.
      const off = caller === "owner" ? deps.plugins.disabledCommand(parsed.name) : undefined;
      if (off) await this.answerDisabled(off, parsed.name, message, chatId);
      return;
    }
    if (caller === "sudo" && !command.definition.sudo) {
      deps.log.info(`sudo user may not run .${parsed.name}; ignored`);
      return;
    }
    if (parsed.error) {
      // Arguments that cannot be split (an unclosed quote) are the user's to fix.
      await this.runWithBoundary(command, this.context(command, parsed.name, message, chatId, caller, emptyArgs(text)), parsed.error);
      return;
    }
    await this.runWithBoundary(command, this.context(command, parsed.name, message, chatId, caller, parsed.args));
  }

  private async answerDisabled(plugin: DisabledPlugin, name: string, message: Message, chatId: bigint): Promise<void> {
    const { deps } = this;
    const ctx = new ChatCommandContext({
      command: name,
      args: emptyArgs(message.text),
      message,
      chatId,
      fromSudo: false,
      telegram: deps.telegram,
      store: deps.builtinStore,
      config: {},
      log: deps.log.child(name),
      signal: this.hostAbort.signal,
      selfSent: deps.selfSent,
    });
    try {
      await ctx.answer(`.${name} belongs to plugin "${plugin.name}", which is disabled: ${plugin.reason}`);
    } catch (err) {
      deps.log.error(`.${name}: could not say that plugin ${plugin.name} is disabled`, { err });
    }
  }

  private context(
    command: RegisteredCommand,
    name: string,
    message: Message,
    chatId: bigint,
    caller: "owner" | "sudo",
    args: ReturnType<typeof emptyArgs>,
  ): { ctx: ChatCommandContext; owner: string | undefined; controller: AbortController } {
    const { deps } = this;
    const plugin = command.builtin ? undefined : deps.plugins.get(command.owner);
    const loaded = plugin?.status === "loaded" ? plugin : undefined;
    const own = new AbortController();
    const signals = loaded ? [this.hostAbort.signal, loaded.controller.signal, own.signal] : [this.hostAbort.signal, own.signal];
    const ctx = new ChatCommandContext({
      command: name,
      args,
      message,
      chatId,
      fromSudo: caller === "sudo",
      // A plugin's commands get the plugin's own view (no session, refused methods); built-ins the host's.
      telegram: loaded?.context.telegram ?? deps.telegram,
      store: loaded?.store ?? deps.builtinStore,
      config: loaded?.context.config ?? {},
      log: (loaded?.context.log ?? deps.log).child(name),
      signal: AbortSignal.any(signals),
      selfSent: deps.selfSent,
      unscoped: deps.withSignal ? (run) => deps.withSignal!(NEVER, run) : undefined,
    });
    return { ctx, owner: command.builtin ? undefined : command.owner, controller: own };
  }

  private async runWithBoundary(
    command: RegisteredCommand,
    made: { ctx: ChatCommandContext; owner: string | undefined; controller: AbortController },
    early?: Error,
  ): Promise<void> {
    const { ctx } = made;
    const entry: CommandInFlight = { owner: made.owner, controller: made.controller, done: Promise.resolve() };
    const run = this.runCommand(command, ctx, early);
    entry.done = run;
    this.commands.add(entry);
    try {
      await run;
    } finally {
      this.commands.delete(entry);
    }
  }

  private async runCommand(command: RegisteredCommand, ctx: ChatCommandContext, early?: Error): Promise<void> {
    const def = command.definition;
    const started = Date.now();
    try {
      if (early) throw early;
      const handling = this.deps.withSignal ? this.deps.withSignal(ctx.signal, () => def.handler(ctx)) : def.handler(ctx);
      // A handler that does not heed its signal (a call with no signal of its own) is not waited for
      // once stopped: its message says so now, and whatever it writes later is dropped (ctx.close()).
      handling.catch(() => undefined);
      await raceAbort(handling, ctx.signal, `.${ctx.command}`);
      this.deps.log.debug(`.${ctx.command} done in ${Date.now() - started} ms`);
    } catch (err) {
      const stopped = ctx.signal.aborted;
      if (stopped && ctx.hasAnswered) {
        // The outcome is already shown; a "Stopped" line over it would be untrue.
        this.deps.log.info(`.${ctx.command}: stopped after it had answered`);
        ctx.close();
        return;
      }
      const usage = `${this.deps.settings().prefixes[0]}${def.name}${def.usage ? ` ${def.usage}` : ""}`;
      const report = describeFailure(err, { usage, showDetails: this.deps.settings().showErrorDetails });
      if (report.unexpected) this.deps.log.error(`.${ctx.command} failed (ref ${report.refId})`, { err });
      if (err instanceof SessionRevokedError) this.deps.onSessionRevoked?.(err);
      else this.deps.log.info(`.${ctx.command}: ${report.text.split("\n")[0]}`);
      const shown = ctx.answer(report.text);
      if (stopped) ctx.close();
      await shown;
    }
  }
}

/** The command name even when its arguments cannot be split (an unclosed quote is the user's to fix). */
function safeParse(text: string, prefixes: string[]) {
  const match = matchCommand(text, prefixes);
  if (!match) return undefined;
  try {
    return { name: match.name, args: splitArgs(match.rest), error: undefined };
  } catch (err) {
    return { name: match.name, args: emptyArgs(text), error: err as Error };
  }
}

function emptyArgs(text: string) {
  return { positional: [] as string[], options: {} as Record<string, string | true>, raw: text };
}

async function settleWithin(work: Promise<void>[], ms: number): Promise<boolean> {
  if (work.length === 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = Promise.allSettled(work).then(() => true as const);
  const result = await Promise.race([done, timeout]);
  clearTimeout(timer);
  return result;
}
