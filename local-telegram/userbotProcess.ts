/**
 * Runs the userbot as its own process, compiled as `npm start` runs it (or
 * through tsx as `npm run dev` does), so tests see exit codes, stdout and
 * stderr exactly as a user would, and real `.reload`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";

export interface UserbotProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout has a line matching `pattern`. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** "compiled": node scripts/run.js src/main.ts (npm start); "tsx": the sources through tsx (npm run dev). */
export type Runner = "compiled" | "tsx";

/**
 * `terminal`: run it on a pseudo-terminal (util-linux's `script`), as a person
 * at a terminal would, for what the userbot does only there (the login).
 * Its stdout and stderr then both arrive as stdout.
 */
export function runUserbot(
  args: string[],
  env: Record<string, string>,
  cwd = process.cwd(),
  runner: Runner = "compiled",
  opts: { terminal?: boolean } = {},
): UserbotProcess {
  const direct =
    runner === "tsx" ? [path.resolve("node_modules/.bin/tsx"), path.resolve("src/main.ts")] : [process.execPath, path.resolve("scripts/run.js"), "src/main.ts"];
  // exec: no shell in between, so Ctrl-C at the terminal reaches the userbot alone.
  const command = opts.terminal ? ["script", "-qefc", `exec ${[...direct, ...args].map(shellQuote).join(" ")}`, "/dev/null"] : [...direct, ...args];
  const child = spawn(command[0], command.slice(1), {
    cwd,
    // Only what the test gives: no API_ID or session may leak in from the machine.
    // TMPDIR: the test run's own temp root (test/globalSetup.js), so scratch files of the process stay inside it.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TMPDIR: os.tmpdir(), ...env },
    // `script` needs a stdin to read from; it stays open and empty.
    stdio: [opts.terminal ? "pipe" : "ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const watchers: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
    for (const w of [...watchers]) {
      const match = out.split("\n").find((line) => w.pattern.test(line));
      if (match) {
        watchers.splice(watchers.indexOf(w), 1);
        w.resolve(match);
      }
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(pattern, timeoutMs = 20000) {
      const found = out.split("\n").find((line) => pattern.test(line));
      if (found) return Promise.resolve(found);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no output matching ${pattern} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        watchers.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then(() => {
          clearTimeout(timer);
          reject(new Error(`the userbot exited before printing ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
        });
      });
    },
  };
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
