/**
 * `npm run sandbox`: the real userbot against the local Telegram server with
 * a seeded world, driven from the terminal or a script on stdin. No Telegram
 * account and no network needed.
 *
 *   npm run sandbox                      interactive, with a prompt
 *   npm run sandbox < script.txt         one transcript, then exit
 *   npm run sandbox -- --verbose         the userbot's log on stderr too
 *   npm run sandbox -- --log-file=x.log  where the log goes (default data/sandbox.log)
 *   npm run sandbox -- --link=80ms,20mbit  the server behind a simulated link (round trip,
 *                                        bandwidth; also 20mbit/5mbit down/up, jitter=10ms, drop=300kb)
 *
 * Exit codes: 0 everything worked; 1 the userbot failed (an answer with
 * "(ref ...)", such as "Something went wrong", a message it did not handle in
 * time, an error in its log, a plugin that did not load, a crash) or an
 * /expect line did not find its text in the answer before it; 2 only
 * sandbox commands failed (a typo, an unknown name, a missing file). Each
 * failing line is reported where it happened and the script carries on.
 */
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { loadConfig } from "../../src/config/loadConfig";
import { startHost, type RunningHost } from "../runningHost";
import { LinkProxy } from "../link/linkProxy";
import { describeLink, LinkSpecError, parseLinkSpec, type LinkSpec } from "../link/linkSpec";
import { TestDc } from "../server";
import { World } from "../world";
import { LogForwarder } from "./logFile";
import { chatName } from "./names";
import { Sandbox, helpLines } from "./sandbox";
import { describeWorld } from "./transcript";

const EXIT_USERBOT_FAILED = 1;
const EXIT_COMMAND_FAILED = 2;

interface Options {
  verbose: boolean;
  link: LinkSpec | undefined;
  logFile: string;
  handleTimeoutMs: number;
}

class OptionError extends Error {
  override name = "OptionError";
}

function parseOptions(argv: string[]): Options {
  const options: Options = { verbose: false, link: undefined, logFile: path.join("data", "sandbox.log"), handleTimeoutMs: 30_000 };
  for (const arg of argv) {
    const [key, value] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (key === "--verbose" && value === undefined) options.verbose = true;
    else if (key === "--log-file" && value) options.logFile = value;
    else if (key === "--timeout" && value && /^\d+$/.test(value) && Number(value) > 0) options.handleTimeoutMs = Number(value) * 1000;
    else if (key === "--link" && value) options.link = linkOption(value);
    else throw new OptionError(`Unknown option ${arg}. Options: --verbose, --log-file=<path>, --timeout=<seconds per command>, --link=<e.g. 80ms,20mbit>.`);
  }
  return options;
}

function linkOption(value: string): LinkSpec {
  try {
    return parseLinkSpec(value);
  } catch (err) {
    if (err instanceof LinkSpecError) throw new OptionError(`--link: ${err.message}`);
    throw err;
  }
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  const interactive = process.stdin.isTTY === true;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const config = loadConfig(path.resolve("config")).app;

  const world = await World.seeded();
  const dc = await TestDc.start({ world, logLevel: options.verbose ? "warn" : "silent" });
  // The userbot dials the link, which forwards to the server as slowly as the link says.
  const link = options.link ? await LinkProxy.start({ host: dc.host, port: dc.port }, options.link) : undefined;
  const logs = new LogForwarder(options.logFile, options.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined);
  let running: RunningHost;
  try {
    running = await startHost({
      dc,
      address: link ? { host: link.host, port: link.port } : undefined,
      plugins: config.plugins,
      local: { prefixes: config.prefixes, pluginConfig: config.pluginConfig },
    });
  } catch (err) {
    await link?.stop();
    await dc.stop();
    throw err;
  }

  const sandbox = new Sandbox({ world, dc, running, out, handleTimeoutMs: options.handleTimeoutMs, afterCommand: () => checkLogs() });
  const checkLogs = () => {
    for (const error of logs.forward(running.logs)) sandbox.noteUserbotFailure(`logged: ${error}`);
  };
  // A crash inside the userbot must not end the transcript silently: it is reported and counted.
  const onCrash = (err: unknown) => sandbox.noteUserbotFailure(`crash: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  process.on("uncaughtException", onCrash);
  process.on("unhandledRejection", onCrash);

  const prefix = config.prefixes[0];
  out(`Sandbox: the real userbot against a local Telegram server on ${dc.host}:${dc.port}; nothing leaves this machine.`);
  if (options.link) out(`Simulated link: ${describeLink(options.link)}.`);
  for (const plugin of running.host.plugins.list()) {
    if (plugin.status === "loaded") out(`Plugin ${plugin.name}: loaded`);
    else sandbox.noteUserbotFailure(`plugin ${plugin.name} did not load: ${plugin.reason}`);
  }
  out(
    `Userbot commands: ${running.host.registry
      .all()
      .map((c) => `${prefix}${c.definition.name}`)
      .join(" ")}`,
  );
  describeWorld(world).forEach(out);
  helpLines().forEach(out);
  out(`The userbot's log: ${options.logFile}. You are in the chat with ${chatName(world, sandbox.currentChat)}.`);
  checkLogs();

  const input = readline.createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
  // Ctrl-C, Ctrl-D, SIGTERM and /quit all end the same way: after the current command, everything stopped cleanly.
  input.on("SIGINT", () => input.close());
  const endInput = () => input.close();
  process.once("SIGINT", endInput);
  process.once("SIGTERM", endInput);
  input.setPrompt(sandbox.prompt);
  if (interactive) input.prompt();
  for await (const line of input) {
    if (!interactive && line.trim() !== "") out(`> ${line.trim()}`);
    if ((await sandbox.runLine(line)) === "quit") break;
    input.setPrompt(sandbox.prompt);
    if (interactive) input.prompt();
  }
  input.close();

  try {
    await running.stop();
  } finally {
    await link?.stop();
    await dc.stop();
  }
  checkLogs();
  fs.rmSync(path.dirname(running.configDir), { recursive: true, force: true });
  process.off("SIGINT", endInput);
  process.off("SIGTERM", endInput);
  process.off("uncaughtException", onCrash);
  process.off("unhandledRejection", onCrash);

  if (sandbox.userbotFailures > 0 || sandbox.failedExpectations > 0) return EXIT_USERBOT_FAILED;
  return sandbox.commandErrors > 0 ? EXIT_COMMAND_FAILED : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message =
      err instanceof OptionError || (err instanceof Error && err.name === "ConfigError")
        ? err.message
        : `The sandbox could not run: ${String(err instanceof Error ? (err.stack ?? err) : err)}`;
    process.stderr.write(`${message}\n`);
    process.exitCode = err instanceof OptionError ? EXIT_COMMAND_FAILED : EXIT_USERBOT_FAILED;
  },
);
