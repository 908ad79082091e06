/**
 * Host figures: time from process start to "ready" against the local server,
 * and the dispatcher's own cost per command (parse, permissions, routing,
 * context, error boundary) apart from Telegram's round trip.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers";
import { toMessage } from "../src/telegram/mapping";
import { TestDc } from "../local-telegram/server";
import { World } from "../local-telegram/world";
import { startHost, TEST_API_HASH, TEST_API_ID } from "../local-telegram/runningHost";
import { runUserbot } from "../local-telegram/userbotProcess";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

async function startupTimes(dc: TestDc, runs: number): Promise<{ wall: number[]; reported: number[] }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-host-"));
  fs.mkdirSync(path.join(root, "config"));
  fs.copyFileSync("config/default.json", path.join(root, "config/default.json"));
  const wall: number[] = [];
  const reported: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = runUserbot([], {
      API_ID: String(TEST_API_ID),
      API_HASH: TEST_API_HASH,
      TG_SESSION: dc.sessionString(),
      TELEGRAM_DC: `${dc.host}:${dc.port}/${dc.dcId}`,
      CONFIG_DIR: path.join(root, "config"),
      DATA_DIR: path.join(root, "data"),
    });
    const line = await run.waitForOutput(/ready: /, 30000);
    wall.push(performance.now() - started);
    reported.push(Number(/(\d+) ms after start/.exec(line)?.[1]));
    run.child.kill("SIGTERM");
    const code = await run.exited;
    if (code !== 0) throw new Error(`userbot exited ${code} on SIGTERM`);
  }
  return { wall, reported };
}

async function dispatchCost(dc: TestDc, world: World, n: number) {
  const pluginsDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plugins-"));
  fs.mkdirSync(path.join(pluginsDir, "noop"));
  fs.writeFileSync(
    path.join(pluginsDir, "noop", "index.js"),
    `module.exports = { default: { name: "noop", description: "does nothing", commands: [
      { name: "noop", description: "nothing", async handler() {} },
      { name: "echo", description: "answers", async handler(ctx) { await ctx.answer("echo " + ctx.args.raw); } } ] } };`,
  );
  const running = await startHost({ dc, plugins: ["noop"], pluginsDir, logLevel: "info" });
  try {
    const ownerId = returnBigInt(world.ownerId.toString());
    const peer = new Api.PeerUser({ userId: returnBigInt(world.ownerId.toString()) });
    const message = (id: number, text: string) =>
      toMessage(new Api.Message({ id, peerId: peer, fromId: new Api.PeerUser({ userId: ownerId }), out: true, message: text, date: 0 }));
    // In-process: the dispatcher alone, on messages that never touch the network.
    for (let i = 0; i < 2000; i++) await running.host.dispatcher.handle(message(1_000_000 + i, '.noop a "b c" --x=1'));
    const perCommand: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await running.host.dispatcher.handle(message(2_000_000 + i, '.noop a "b c" --x=1'));
      perCommand.push((performance.now() - t) * 1000);
    }
    const nonCommand: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await running.host.dispatcher.handle(message(3_000_000 + i, "just chatting, not a command"));
      nonCommand.push((performance.now() - t) * 1000);
    }
    // End to end: the owner types a command on "another device"; the answer is an edit.
    const roundTrip: number[] = [];
    const alice = (world as World & { ids: { alice: bigint } }).ids.alice;
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      const sent = world.ownerSends({ userId: alice }, { text: `.echo ${i}` });
      await dc.waitForCall("messages.EditMessage", { predicate: (c) => c.params.id === sent.id, timeoutMs: 5000 });
      roundTrip.push(performance.now() - t);
    }
    return { perCommand, nonCommand, roundTrip };
  } finally {
    await running.stop();
  }
}

async function main() {
  const world = await World.seeded();
  const dc = await TestDc.start({ world, logLevel: "silent" });
  try {
    const startup = await startupTimes(dc, 5);
    const cost = await dispatchCost(dc, world, 5000);
    const f = (x: number) => x.toFixed(1);
    console.log(`## Host

| figure | median | p90 | runs |
|---|---:|---:|---:|
| process start → "ready" (wall, compiled as npm start runs it, local server) | ${f(median(startup.wall))} ms | ${f(pct(startup.wall, 0.9))} ms | ${startup.wall.length} |
| process start → "ready" (as the process reports it: process.uptime) | ${f(median(startup.reported))} ms | ${f(pct(startup.reported, 0.9))} ms | ${startup.reported.length} |
| dispatch overhead per command (parse, permissions, routing, context, boundary; no-op handler) | ${f(median(cost.perCommand))} µs | ${f(pct(cost.perCommand, 0.9))} µs | ${cost.perCommand.length} |
| cost of a non-command message | ${f(median(cost.nonCommand))} µs | ${f(pct(cost.nonCommand, 0.9))} µs | ${cost.nonCommand.length} |
| owner's command → answer edit reaches the server (local server, whole path) | ${f(median(cost.roundTrip))} ms | ${f(pct(cost.roundTrip, 0.9))} ms | ${cost.roundTrip.length} |
`);
  } finally {
    await dc.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
