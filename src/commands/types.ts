import type { Logger } from "../log/logger";
import type { KeyValueStore } from "../storage/types";
import type { Message, Telegram } from "../telegram/types";
import type { ParsedArgs } from "./parser";

/** What a command handler gets. One per command message. */
export interface CommandContext<Config = Record<string, unknown>> {
  /** The command name as typed (could be an alias), without prefix. */
  readonly command: string;
  /** Arguments, options and raw text after the command (see parser.ts). */
  readonly args: ParsedArgs;
  /** The message that carried the command. */
  readonly message: Message;
  /** The chat the command was typed in. */
  readonly chatId: bigint;
  /** True when a sudo user (not the owner) sent it. */
  readonly fromSudo: boolean;
  readonly telegram: Telegram;
  readonly store: KeyValueStore;
  readonly config: Readonly<Config>;
  readonly log: Logger;
  /** Aborted when the host stops or the plugin is reloaded. */
  readonly signal: AbortSignal;
  /** The message this command replies to, if any. */
  replied(): Promise<Message | undefined>;
  /** Final answer: edits the owner's command message, or replies to a sudo user. */
  answer(text: string): Promise<void>;
  /**
   * Intermediate status ("downloading 40%..."); throttled to about one edit
   * per 2 s, except with `now` (a status that must be seen, such as a long wait).
   */
  progress(text: string, opts?: { now?: boolean }): Promise<void>;
}

export interface CommandDefinition<Config = Record<string, unknown>> {
  name: string;
  aliases?: string[];
  /** One line, shown in `.help`. */
  description: string;
  /** Arguments after the command name, e.g. "[@user...] [--crop=center|smart|fit]". */
  usage?: string;
  /** Longer help text and examples, shown by `.help <command>`. */
  help?: string;
  examples?: string[];
  /** May configured sudo users run it? Default false: owner only. */
  sudo?: boolean;
  handler(ctx: CommandContext<Config>): Promise<void>;
}
