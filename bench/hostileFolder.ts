/**
 * Peak memory with a rotation folder of hostile files (issue 10, failure 3),
 * run alone with `npx tsx bench/hostileFolder.ts` or through `npm run bench`.
 * One rotation run against the local server over a folder holding a 1.5 GB
 * sparse file, a symlink to /dev/zero, a symlink to a FIFO, a symlink to a
 * socket, a symlink to a folder, and one good image. Target: peak RSS under
 * 300 MB, the good image shown, each hostile file skipped with its reason.
 * Prints a markdown section.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startHost } from "../local-telegram/runningHost";
import { TestDc } from "../local-telegram/server";
import { World } from "../local-telegram/world";
import { targetOf } from "../plugins/contact-avatar/rotation/rotationManager";
import { parseSchedule } from "../plugins/contact-avatar/rotation/schedule";
import { openManager, writeImage } from "../fixtures/rotationManager";

const MB = 1024 * 1024;
const peakMb = () => process.resourceUsage().maxRSS / 1024;

async function main(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-hostile-"));
  const world = await World.seeded();
  const dc = await TestDc.start({ world, logLevel: "silent" });
  const running = await startHost({ dc, logLevel: "silent" });
  const socket = net.createServer();
  try {
    const folder = path.join(root, "pics");
    const outside = path.join(root, "outside");
    fs.mkdirSync(outside, { recursive: true });
    await writeImage(folder, "9.jpg", "green");
    fs.closeSync(fs.openSync(path.join(folder, "1-sparse.jpg"), "w"));
    fs.truncateSync(path.join(folder, "1-sparse.jpg"), 1.5 * 1024 * MB);
    fs.symlinkSync("/dev/zero", path.join(folder, "2-zero.jpg"));
    execFileSync("mkfifo", [path.join(outside, "pipe")]);
    fs.symlinkSync(path.join(outside, "pipe"), path.join(folder, "3-fifo.jpg"));
    await new Promise<void>((resolve) => socket.listen(path.join(outside, "sock"), resolve));
    fs.symlinkSync(path.join(outside, "sock"), path.join(folder, "4-socket.jpg"));
    fs.symlinkSync(outside, path.join(folder, "5-folder.jpg"));

    const alice = targetOf(await running.telegram.users.resolve({ username: "alice" }));
    const { manager } = await openManager({ telegram: running.telegram, dataDir: path.join(root, "data"), clock: () => new Date() });
    await manager.start();
    await manager.define(alice, parseSchedule("hourly", "UTC", new Date()), { kind: "folder", path: folder }, "sequential");
    const before = peakMb();
    const started = performance.now();
    const outcome = await manager.runNow(alice.userId);
    const ms = performance.now() - started;
    const after = peakMb();
    const skipped = manager.get(alice.userId)!.state.skipped;
    await manager.stop();
    process.stdout.write(
      [
        "## hostile rotation folder",
        "",
        "One run over: 1.5 GB sparse file, symlink to /dev/zero, symlink to a FIFO, symlink to a socket, symlink to a folder, one good JPEG.",
        "Baseline (issue 10, not re-measured here: the old code reads /dev/zero until memory runs out): 1.8 GB RSS for the 1.5 GB file, over 8.5 GB for /dev/zero, a FIFO blocked for ever.",
        "",
        `- outcome: ${JSON.stringify(outcome)} in ${ms.toFixed(0)} ms`,
        `- peak RSS of the process: ${after.toFixed(0)} MB (before the run: ${before.toFixed(0)} MB; target under 300 MB)`,
        ...skipped.map((s) => `- skipped ${s.name}: ${s.reason}`),
      ].join("\n") + "\n",
    );
  } finally {
    socket.close();
    await running.stop();
    await dc.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`hostile folder bench failed: ${String(err)}\n`);
  process.exitCode = 1;
});
