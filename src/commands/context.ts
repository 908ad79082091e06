import { setTimeout as delay } from "node:timers/promises";
import { FloodWaitError, TelegramApiError } from "../core/errors";
import type { Logger } from "../log/logger";
import type { KeyValueStore } from "../storage/types";
import type { Message, Telegram } from "../telegram/types";
import type { ParsedArgs } from "./parser";
import type { SelfSentTracker } from "./selfSent";
import type { CommandContext } from "./types";

/** Telegram's limit for a message's text; longer edits are refused (MESSAGE_TOO_LONG). */
export const MAX_MESSAGE_LENGTH = 4096;

/** Cuts a text that would not fit one message, at a line end where possible, and says so. */
export function fitMessage(text: string): string {
  if (text.length <= MAX_MESSAGE_LENGTH) return text;
  const marker = "\n… (cut: too long for one message)";
  const room = text.slice(0, MAX_MESSAGE_LENGTH - marker.length);
  const lineEnd = room.lastIndexOf("\n");
  return (lineEnd > room.length / 2 ? room.slice(0, lineEnd) : room) + marker;
}

/** Edits of a progress message are at most this often (Telegram rate-limits edits). */
export const PROGRESS_INTERVAL_MS = 2000;

/**
 * A flood wait on the answer's edit up to this long is waited out and the
 * edit tried again; a longer one (or a second failure) sends the answer as a
 * new message instead. Either way the chat learns what the command did.
 */
export const ANSWER_FLOOD_WAIT_MAX_SECONDS = 30;

/** Waits `ms`, or less if `signal` aborts (it never rejects). Injectable so tests need not wait. */
export type AnswerSleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface ContextParts {
  command: string;
  args: ParsedArgs;
  message: Message;
  chatId: bigint;
  fromSudo: boolean;
  telegram: Telegram;
  store: KeyValueStore;
  config: Readonly<Record<string, unknown>>;
  log: Logger;
  signal: AbortSignal;
  selfSent: SelfSentTracker;
  now?: () => number;
  sleep?: AnswerSleep;
  /**
   * Runs the answer's writes outside the command's signal (the request
   * pipeline's scope): a command cancelled just after it answered must still
   * get its answer shown.
   */
  unscoped?: <T>(run: () => Promise<T>) => Promise<T>;
}

/**
 * Where a command's answers go. The owner's own command message is edited in
 * place; a sudo user's message cannot be edited, so the first output is a
 * reply, which later outputs edit.
 */
export class ChatCommandContext implements CommandContext {
  readonly command: string;
  readonly args: ParsedArgs;
  readonly message: Message;
  readonly chatId: bigint;
  readonly fromSudo: boolean;
  readonly telegram: Telegram;
  readonly store: KeyValueStore;
  readonly config: Readonly<Record<string, unknown>>;
  readonly log: Logger;
  readonly signal: AbortSignal;

  private outputId: number | undefined;
  private lastText: string | undefined;
  private lastEditAt = -Infinity;
  private answered = false;
  /** Set once the boundary has written the final word (a stop): later writes of the handler are dropped. */
  private closed = false;
  private readonly selfSent: SelfSentTracker;
  private readonly now: () => number;
  private readonly sleep: AnswerSleep;
  private readonly unscoped: <T>(run: () => Promise<T>) => Promise<T>;
  private repliedCache: Promise<Message | undefined> | undefined;
  /** The tail of the write chain (never rejects). */
  private writing: Promise<void> = Promise.resolve();

  constructor(parts: ContextParts) {
    this.command = parts.command;
    this.args = parts.args;
    this.message = parts.message;
    this.chatId = parts.chatId;
    this.fromSudo = parts.fromSudo;
    this.telegram = parts.telegram;
    this.store = parts.store;
    this.config = parts.config;
    this.log = parts.log;
    this.signal = parts.signal;
    this.selfSent = parts.selfSent;
    this.now = parts.now ?? Date.now;
    this.unscoped = parts.unscoped ?? ((run) => run());
    this.sleep = parts.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }).catch(() => undefined));
    this.outputId = parts.fromSudo ? undefined : parts.message.id;
    // The owner's message already shows its own text: an answer repeating it needs no edit.
    this.lastText = parts.fromSudo ? undefined : parts.message.text.trim() || undefined;
  }

  /** True once `answer` has run: the message no longer says "working...". */
  get hasAnswered(): boolean {
    return this.answered;
  }

  replied(): Promise<Message | undefined> {
    if (this.message.replyToId === undefined) return Promise.resolve(undefined);
    this.repliedCache ??= this.telegram.messages.replied(this.message);
    return this.repliedCache;
  }

  /**
   * Shows the command's outcome. It never rejects: by the time a handler
   * answers, what the command did is decided, and a failure to show it (a
   * flood wait on the edit, the command message deleted) must not be taken
   * for the command's own failure. It is retried after a short wait or sent
   * as a new message, and the log says which.
   */
  async answer(text: string): Promise<void> {
    if (this.closed) return this.log.debug("answer after the command was stopped; not shown", { text });
    this.answered = true;
    await this.enqueue(text, "answer");
  }

  /** No more writes: the command was stopped and its message says so. */
  close(): void {
    this.closed = true;
  }

  /**
   * Best effort: plugins call it from upload and download callbacks without
   * awaiting it, so it never rejects (a rejected, unawaited promise would end
   * the process); a failed update is only logged.
   */
  async progress(text: string, opts: { now?: boolean } = {}): Promise<void> {
    if (this.closed || this.answered) return;
    // `now`: a status the owner must see (a long wait), not one of many percentages.
    if (!opts.now && this.now() - this.lastEditAt < PROGRESS_INTERVAL_MS) return;
    // Claim the slot before the edit goes out, so calls made meanwhile are throttled too.
    this.lastEditAt = this.now();
    try {
      await this.enqueue(text, "progress");
    } catch (err) {
      this.log.warn("progress update failed", { err });
    }
  }

  /**
   * Writes run one at a time, in call order: otherwise a progress edit still
   * in flight could land after the answer and leave "uploading 90%" as the
   * final text, and a sudo user could get two replies instead of one.
   */
  private enqueue(text: string, kind: "answer" | "progress"): Promise<void> {
    const next = this.writing.then(() => (kind === "answer" ? this.unscoped(() => this.deliver(text)) : this.answered ? undefined : this.write(text)));
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** The answer, by every means there is: the edit, the edit after a short flood wait, then a new message. */
  private async deliver(text: string): Promise<void> {
    let failure: unknown;
    try {
      return await this.write(text);
    } catch (err) {
      failure = err;
    }
    if (failure instanceof FloodWaitError && failure.seconds <= ANSWER_FLOOD_WAIT_MAX_SECONDS && !this.signal.aborted) {
      this.log.warn(`the answer met a flood wait of ${failure.seconds} s; showing it after the wait`);
      await this.sleep(failure.seconds * 1000 + 500, this.signal);
      try {
        await this.write(text);
        return this.log.info("the answer was shown after the flood wait");
      } catch (err) {
        failure = err;
      }
    }
    const body = fitMessage(text.trim() || "(empty)");
    // A deleted command message cannot be replied to.
    const replyTo = isGone(failure) ? undefined : this.message.id;
    const what = this.outputId === undefined ? "send" : "edit";
    try {
      const sent = await this.selfSent.track(this.chatId, body, () => this.telegram.messages.send(this.message.chat, body, { replyTo }));
      this.outputId = sent.id;
      this.lastText = body;
      this.log.warn(`could not ${what} the answer (${reasonOf(failure)}); sent it as a new message`);
    } catch (err) {
      this.log.error(`the answer could not be shown in the chat (${reasonOf(failure)}, then ${reasonOf(err)}); it was: ${body}`);
    }
  }

  private async write(text: string): Promise<void> {
    const body = fitMessage(text.trim() || "(empty)");
    if (body === this.lastText) return; // Telegram refuses an edit that changes nothing
    if (this.outputId === undefined) {
      const sent = await this.selfSent.track(this.chatId, body, () => this.telegram.messages.send(this.message.chat, body, { replyTo: this.message.id }));
      this.outputId = sent.id;
    } else {
      await this.telegram.messages.edit(this.message.chat, this.outputId, body);
    }
    // Only once it is shown: after a failed write the same text may be tried again.
    this.lastText = body;
  }
}

function isGone(err: unknown): boolean {
  return err instanceof TelegramApiError && err.errorMessage === "MESSAGE_ID_INVALID";
}

function reasonOf(err: unknown): string {
  if (err instanceof FloodWaitError) return `Telegram asks to wait ${err.seconds} s`;
  if (err instanceof TelegramApiError) return err.errorMessage;
  return err instanceof Error ? err.message : String(err);
}
