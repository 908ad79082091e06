/**
 * Rotations at scale (run alone: `npx tsx bench/rotation.ts`, or through
 * `npm run bench`). Prints a markdown section.
 *
 * 1. 1,000 rotations registered: the time for a fresh start (open the store,
 *    load and check the records, compute next runs), the memory it holds, and
 *    the CPU used while idle with the minute tick on the host's scheduler.
 *    CPU is measured over a short idle window and scaled to a minute, plus
 *    one tick (measured separately); the same window with 1,000 node-cron
 *    tasks (one per rotation, the design not taken) is shown for comparison.
 * 2. 100 rotations due at once drain through the change queue against the
 *    local Telegram server with a 20 ms spacing: expected about 100 × 20 ms
 *    plus the work (reading and preparing each image, upload, call).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { schedule as cronSchedule } from "node-cron";
import { createLogger } from "../src/log/logger";
import type { Telegram } from "../src/telegram/types";
import { toUser } from "../src/telegram/mapping";
import { CronScheduler } from "../src/scheduler/cronScheduler";
import { World } from "../local-telegram/world";
import { TestDc } from "../local-telegram/server";
import { startHost } from "../local-telegram/runningHost";
import { openManager, writeImage } from "../fixtures/rotationManager";
import { targetOf } from "../plugins/contact-avatar/rotation/rotationManager";
import { parseSchedule } from "../plugins/contact-avatar/rotation/schedule";

const IDLE_WINDOW_MS = 10_000;
const SCHEDULES = ["hourly", "daily 09:00", "every 6h", "0 8 * * 1-5", "*/30 * * * *", "30 7 1 * *"];
const MB = 1024 * 1024;

/** Phase 1 never talks to Telegram (no declared rotations, no runs): any use is a bug in the bench. */
const offline = new Proxy({} as Telegram, {
  get: () => {
    throw new Error("phase 1 must not use Telegram");
  },
});

const ms = (n: number) => `${n.toFixed(1)} ms`;

/** A full collection, so heap figures mean something (bench/run.ts starts us without --expose-gc). */
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function idleCpuMs(windowMs: number): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, windowMs));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-rotation-"));
  const folder = path.join(root, "pics");
  for (const [i, colour] of (["red", "green", "blue", "yellow", "cyan"] as const).entries()) await writeImage(folder, `${i + 1}.jpg`, colour);
  const lines: string[] = ["## rotation", ""];
  let stopServer = async () => undefined as void;
  try {
    // --- 1. 1,000 rotations registered (no server: nothing else in the process uses CPU while idle) -----------------------------------
    const dataDir = path.join(root, "scale");
    const now = new Date();
    const setup = await openManager({ telegram: offline, dataDir, clock: () => now });
    await setup.manager.start();
    for (let i = 0; i < 1000; i++) {
      const target = { userId: String(2_000_000_000 + i), accessHash: "1", name: `User ${i}` };
      await setup.manager.define(
        target,
        parseSchedule(SCHEDULES[i % SCHEDULES.length], i % 2 ? "Europe/Berlin" : "UTC", now),
        { kind: "folder", path: folder },
        i % 3 ? "sequential" : "shuffle",
      );
    }
    await setup.manager.stop();
    const storeBytes = fs.statSync(path.join(dataDir, "store.json")).size;

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const fresh = await openManager({ telegram: offline, dataDir, clock: () => new Date() });
    await fresh.manager.start();
    const startMs = performance.now() - started;
    gc();
    const heapHeld = process.memoryUsage().heapUsed - heapBefore;

    const tickRuns = 200;
    const tickStart = performance.now();
    for (let i = 0; i < tickRuns; i++) fresh.manager.tick(now);
    const tickMs = (performance.now() - tickStart) / tickRuns;

    // Let the writes and garbage of the set-up above finish before any window is measured.
    await fresh.store.flush();
    gc();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const scheduler = new CronScheduler({ log: createLogger({ level: "silent" }) });
    scheduler.register("bench", { name: "rotation-tick", cron: "* * * * *", run: () => void fresh.manager.tick() });
    const idleMs = await idleCpuMs(IDLE_WINDOW_MS);
    await scheduler.stopAll();
    await fresh.manager.stop();

    const tasks = Array.from({ length: 1000 }, (_, i) => cronSchedule(i % 2 ? "0 * * * *" : "0 9 * * *", () => undefined));
    const perTaskIdleMs = await idleCpuMs(IDLE_WINDOW_MS);
    for (const task of tasks) await task.destroy();
    // The baseline last, and the lower of two windows: a single 10 s window
    // right after set-up picked up hundreds of ms of leftover work on this VM.
    gc();
    const baselineWindows = [await idleCpuMs(IDLE_WINDOW_MS), await idleCpuMs(IDLE_WINDOW_MS)];
    const baselineMs = Math.min(...baselineWindows);

    const scale = 60_000 / IDLE_WINDOW_MS;
    lines.push(
      "### 1,000 rotations registered",
      "",
      "| figure | value |",
      "|---|---|",
      `| start-up (open store, check 1,000 records, next runs) | ${ms(startMs)} |`,
      `| heap held by the loaded rotations | ${(heapHeld / MB).toFixed(1)} MB |`,
      `| store file | ${(storeBytes / MB).toFixed(2)} MB |`,
      `| one tick over 1,000 rotations | ${ms(tickMs)} |`,
      `| CPU per idle minute, baseline (nothing scheduled; lower of two ${IDLE_WINDOW_MS / 1000} s windows × ${scale}; the two: ${baselineWindows.map((w) => ms(w * scale)).join(", ")}) | ${ms(baselineMs * scale)} |`,
      `| CPU per idle minute, 1,000 rotations on one minute tick (window × ${scale} + one tick) | ${ms(idleMs * scale + tickMs)} (${ms(idleMs * scale + tickMs - baselineMs * scale)} over baseline) |`,
      `| for comparison: 1,000 node-cron tasks, one per rotation (window × ${scale}) | ${ms(perTaskIdleMs * scale)} (${ms(perTaskIdleMs * scale - baselineMs * scale)} over baseline) |`,
      "",
    );

    // --- 2. 100 due changes through the queue ------------------------------
    const world = await World.seeded();
    const dc = await TestDc.start({ world, logLevel: "silent" });
    const running = await startHost({ dc, logLevel: "silent" });
    stopServer = async () => {
      await running.stop();
      await dc.stop();
    };
    const spacingMs = 20;
    let clock = new Date("2025-01-10T10:30:00Z");
    const drain = await openManager({ telegram: running.telegram, dataDir: path.join(root, "drain"), clock: () => clock, settings: { spacingMs } });
    await drain.manager.start();
    const hourly = parseSchedule("hourly", "UTC", clock);
    for (let i = 0; i < 100; i++) {
      const user = world.addUser({ firstName: `Friend${i}`, phone: `1555900${String(i).padStart(4, "0")}`, contact: true });
      await drain.manager.define(targetOf(toUser(world.apiUser(user.id))), hourly, { kind: "folder", path: folder }, "sequential");
    }
    const calls = world.contactPhotoCalls.length;
    clock = new Date("2025-01-10T11:00:00Z");
    const drainStart = performance.now();
    const queued = drain.manager.tick(clock);
    await drain.manager.idle();
    const drainMs = performance.now() - drainStart;
    const accepted = world.contactPhotoCalls.slice(calls).filter((c) => !c.error).length;
    await drain.manager.stop();
    const spacingTotal = (queued - 1) * spacingMs;
    lines.push(
      "### 100 due changes through the queue (local server, spacing 20 ms)",
      "",
      "| figure | value |",
      "|---|---|",
      `| changes queued / accepted by the server | ${queued} / ${accepted} |`,
      `| drain time | ${ms(drainMs)} |`,
      `| of which spacing (99 gaps × ${spacingMs} ms) | ${ms(spacingTotal)} |`,
      `| work per change (read + prepare + upload + call) | ${ms((drainMs - spacingTotal) / Math.max(queued, 1))} |`,
    );
  } finally {
    await stopServer();
    fs.rmSync(root, { recursive: true, force: true });
  }
  process.stdout.write(lines.join("\n") + "\n");
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
