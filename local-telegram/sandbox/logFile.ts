/**
 * The userbot's log lines go to a file (and to stderr with --verbose) instead
 * of the transcript. Error lines are reported back: an error the chat did not
 * show is still a userbot failure.
 */
import fs from "node:fs";
import path from "node:path";

/** The level column of src/log/format.ts: `2026-01-01T00:00:00.000Z ERROR [scope] message`. */
const ERROR_LINE = /^\S+ ERROR /;
/** Errors with a reference id are also in the chat's answer, which the transcript already counts. */
const SHOWN_IN_CHAT = /\(ref [0-9a-f]{6}\)/;

export class LogForwarder {
  private forwarded = 0;

  constructor(
    readonly filePath: string,
    private readonly echo: ((line: string) => void) | undefined,
  ) {
    fs.mkdirSync(path.dirname(path.resolve(filePath)), { recursive: true });
    fs.writeFileSync(filePath, "");
  }

  /** Appends the lines of `all` not yet forwarded; returns the first line of each error not shown in the chat. */
  forward(all: readonly string[]): string[] {
    const fresh = all.slice(this.forwarded);
    this.forwarded = all.length;
    if (fresh.length === 0) return [];
    fs.appendFileSync(this.filePath, fresh.map((line) => `${line}\n`).join(""));
    for (const line of fresh) this.echo?.(line);
    return fresh.filter((line) => ERROR_LINE.test(line) && !SHOWN_IN_CHAT.test(line)).map((line) => line.split("\n")[0]);
  }
}
