/**
 * One sandbox session: the seeded world, the local server and the real
 * userbot, and the current chat. Runs parsed commands and writes what
 * happened as transcript lines; keeps the tally main.ts turns into the exit code.
 */
import fs from "node:fs";
import path from "node:path";
import type { RunningHost } from "../runningHost";
import type { TestDc } from "../server";
import type { ChatRef, MediaRef, SeededWorld, StoredMessage } from "../world";
import { parseCommand, usageLines, type OutgoingContent, type SandboxCommand, type SendCommand } from "./commands";
import { SandboxCommandError } from "./errors";
import { injectFailure } from "./faults";
import { documentFromFile, photoFromFile } from "./media";
import { chatName, resolveChat, resolveUser, sameChat, userName } from "./names";
import { describePhotoState, photoBytes, photoInSlot } from "./photoState";
import { formatBytes } from "../../src/util/bytes";
import { describeMessage, describeWorld } from "./transcript";

/** What the userbot shows when a command failed unexpectedly (src/commands/failure.ts). */
const UNEXPECTED_FAILURE = /\(ref [0-9a-f]{6}\)/;

export interface SandboxParts {
  world: SeededWorld;
  dc: TestDc;
  running: RunningHost;
  /** Where transcript lines go. */
  out(line: string): void;
  /** How long to wait for the userbot to handle one message. */
  handleTimeoutMs: number;
  /** Called after each command, so main.ts can move new log lines to the log file and check them. */
  afterCommand?(): void;
}

export class Sandbox {
  /** Sandbox commands that could not be done (bad syntax, unknown names, missing files). */
  commandErrors = 0;
  /** Userbot failures: unexpected-failure answers, messages not handled in time, errors in its log. */
  userbotFailures = 0;
  /** /expect lines whose text the line before did not answer with. */
  failedExpectations = 0;
  private chat: ChatRef;
  /** What the last line (not a comment, not an /expect) printed, for /expect; undefined before any. */
  private previous: { line: string; output: string[] } | undefined;
  private current: string[] = [];

  constructor(private readonly parts: SandboxParts) {
    this.chat = { userId: parts.world.ids.alice };
  }

  /** Every transcript line goes through here, so /expect can read what a line printed. */
  private out(line: string): void {
    this.current.push(line);
    this.parts.out(line);
  }

  get currentChat(): ChatRef {
    return this.chat;
  }

  get prompt(): string {
    return `[${chatName(this.parts.world, this.chat)}] > `;
  }

  /** Parses and runs one input line; never throws for the line's own failure (it is printed and counted). */
  async runLine(line: string): Promise<"quit" | "continue"> {
    this.current = [];
    let kind: SandboxCommand["kind"] | undefined;
    try {
      const command = parseCommand(line);
      kind = command.kind;
      await this.execute(command);
      return command.kind === "quit" ? "quit" : "continue";
    } catch (err) {
      if (!(err instanceof SandboxCommandError)) throw err;
      this.commandErrors += 1;
      for (const part of err.message.split("\n")) this.out(`  ! ${part}`);
      return "continue";
    } finally {
      this.parts.afterCommand?.();
      if (kind !== "nothing" && kind !== "expect") this.previous = { line: line.trim(), output: this.current };
    }
  }

  /** /expect: the line before must have printed the text (or matched the pattern). */
  private expect(command: Extract<SandboxCommand, { kind: "expect" }>): void {
    const previous = this.previous;
    if (!previous) throw new SandboxCommandError("/expect checks the answer to the line before it: there is none yet.");
    const output = previous.output.join("\n");
    const found = command.pattern ? command.pattern.test(output) : output.includes(command.text);
    if (found) return this.out(`  ✓ as expected`);
    this.failedExpectations += 1;
    this.out(`  ✗ expected ${command.pattern ? command.text : JSON.stringify(command.text)} in the answer to "${previous.line}"`);
  }

  /** Counts a failure main.ts found outside a command's answer (an error line in the userbot's log, a crash). */
  noteUserbotFailure(why: string): void {
    this.userbotFailures += 1;
    this.out(`  ✗ userbot failure: ${why}`);
  }

  private async execute(command: SandboxCommand): Promise<void> {
    const { world } = this.parts;
    const out = (line: string) => this.out(line);
    switch (command.kind) {
      case "nothing":
      case "quit":
        return;
      case "help":
        return helpLines().forEach((line) => out(line));
      case "world":
        return describeWorld(world).forEach((line) => out(`  ${line}`));
      case "chat":
        this.chat = resolveChat(world, command.target);
        return out(`  now in ${chatName(world, this.chat)}`);
      case "history": {
        const messages = world.history(this.chat).slice(0, command.limit).reverse();
        if (messages.length === 0) return out("  (no messages)");
        return messages.forEach((m) => out(`  ${firstLine(describeMessage(world, m))}`));
      }
      case "photoState":
        return describePhotoState(world, resolveUser(world, command.user).id).forEach((line) => out(`  ${line}`));
      case "savePhoto": {
        const user = resolveUser(world, command.user);
        const { bytes, label } = photoBytes(photoInSlot(world, user.id, command.slot), command.size);
        writeOutputFile(command.path, bytes);
        return out(`  saved ${userName(world, user.id)}'s ${command.slot} photo (${label}, ${formatBytes(bytes.length)}) to ${command.path}`);
      }
      case "expect":
        return this.expect(command);
      case "fail":
        return out(`  ${injectFailure(this.parts.dc.faults, command.method, command.error, command.times)}`);
      case "send":
        return this.send(command);
    }
  }

  private async send(command: SendCommand): Promise<void> {
    const { world, running } = this.parts;
    const senderId = command.as === undefined ? world.ownerId : this.otherSender(command.as);
    const replyTo = command.replyTo === undefined ? undefined : this.replyTarget(command.replyTo, senderId);
    const media = await this.mediaOf(command.content);
    const text = command.content.kind === "text" ? command.content.text : command.content.caption;

    const before = snapshot(world);
    const spec = { text, media, replyTo };
    const sent =
      senderId === world.ownerId
        ? world.ownerSends(this.chat, spec)
        : world.userSends(senderId, { ...spec, chatId: "chatId" in this.chat ? this.chat.chatId : undefined });
    // The echo of what was sent is not part of the answer /expect reads.
    this.parts.out(`  → ${describeMessage(world, sent)}`);
    try {
      await running.handled(sent.id, this.parts.handleTimeoutMs);
    } catch {
      this.noteUserbotFailure(`message #${sent.id} was not handled within ${this.parts.handleTimeoutMs} ms`);
    }
    this.reportChanges(before, sent);
  }

  /** Another person may only speak in a chat they are in: the private chat's user, or a group member. */
  private otherSender(word: string): bigint {
    const { world } = this.parts;
    const user = resolveUser(world, word);
    const chat = this.chat;
    const member = "chatId" in chat ? world.requireChat(chat.chatId).memberIds.includes(user.id) : chat.userId === user.id;
    if (!member) throw new SandboxCommandError(`${userName(world, user.id)} is not in ${chatName(world, chat)}: switch with /chat first.`);
    return user.id;
  }

  /** `id` is the owner's (what /history shows); the world wants the id in the sender's own box. */
  private replyTarget(wanted: number | "last", senderId: bigint): number {
    const { world } = this.parts;
    // "last": what the other side sent most recently (your own newest in Saved Messages, where everything is yours).
    const history = world.history(this.chat);
    const newest = history.find((m) => m.fromId !== world.ownerId) ?? history[0];
    if (wanted === "last" && !newest) throw new SandboxCommandError(`${chatName(world, this.chat)} has no messages to reply to.`);
    const id = wanted === "last" ? newest.id : wanted;
    const message = world.message(id);
    if (!message || !sameChat(chatOf(message), this.chat)) {
      throw new SandboxCommandError(`No message #${id} in ${chatName(world, this.chat)} (see /history).`);
    }
    if (senderId === world.ownerId) return id;
    const copy = world.account(senderId).mailbox.findByGlobalKey(message.globalKey);
    if (!copy) throw new SandboxCommandError(`${userName(world, senderId)} cannot see message #${id}.`);
    return copy.id;
  }

  private mediaOf(content: OutgoingContent): Promise<MediaRef | undefined> {
    const { world } = this.parts;
    if (content.kind === "photo") return photoFromFile(world, content.path);
    if (content.kind === "file") return documentFromFile(world, content.path);
    return Promise.resolve(undefined);
  }

  /** Prints what the userbot did: the command message's final text if it changed, then every new or edited message. */
  private reportChanges(before: Map<number, string>, sent: StoredMessage): void {
    const { world } = this.parts;
    const out = (line: string) => this.out(line);
    const sentBefore = describeMessage(world, { ...sent, editDate: undefined });
    for (const message of [...world.account(world.ownerId).mailbox.messages.values()].sort((a, b) => a.id - b.id)) {
      const line = describeMessage(world, message);
      const seen = message.id === sent.id ? sentBefore : before.get(message.id);
      if (seen === line) continue;
      const where = sameChat(chatOf(message), this.chat) ? "" : ` [in ${chatName(world, chatOf(message))}]`;
      const verb = seen === undefined ? "←" : "✎";
      for (const [i, part] of line.split("\n").entries()) out(i === 0 ? `  ${verb} ${part}${where}` : `      ${part}`);
      if (message.fromId === world.ownerId && UNEXPECTED_FAILURE.test(message.text)) {
        this.noteUserbotFailure(`the answer in message #${message.id} reports an unexpected error`);
      }
    }
  }
}

/** Every message of the owner's box as it reads now, to tell new and edited ones after a send. */
function snapshot(world: SeededWorld): Map<number, string> {
  const lines = new Map<number, string>();
  for (const message of world.account(world.ownerId).mailbox.messages.values()) lines.set(message.id, describeMessage(world, message));
  return lines;
}

/** The chat a message of the owner's box is in, as /chat names it. */
function chatOf(message: StoredMessage): ChatRef {
  return message.peer.kind === "chat" ? { chatId: message.peer.id } : { userId: message.peer.id };
}

function writeOutputFile(filePath: string, bytes: Buffer): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
    fs.writeFileSync(filePath, bytes);
  } catch (err) {
    throw new SandboxCommandError(`Cannot write ${filePath}: ${(err as Error).message}`);
  }
}

/** History is a list: a long answer (.help) shows as its first line and how much more there is. */
function firstLine(text: string): string {
  const lines = text.split("\n");
  return lines.length === 1 ? text : `${lines[0]} (+${lines.length - 1} line${lines.length === 2 ? "" : "s"})`;
}

export function helpLines(): string[] {
  return ['Sandbox commands (you are the owner; a line such as ".ping" is a userbot command you send):', ...usageLines().map((line) => `  ${line}`)];
}
