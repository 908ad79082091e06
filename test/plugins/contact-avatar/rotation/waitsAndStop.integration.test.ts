/**
 * The rotation queue under a long flood wait and a stop (issue 10: failure
 * 6 and the running change's stop signal), against the local Telegram
 * server through a real GramJS client.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { withTimeout } from "../../../../local-telegram/protocol/testClient";
import { TestDc } from "../../../../local-telegram/server";
import { World, type SeededWorld } from "../../../../local-telegram/world";
import { startHost, startSeededHost, type RunningHost, type SeededHost } from "../../../../local-telegram/runningHost";
import { createLogger } from "../../../../src/log/logger";
import { ChangeDroppedError, type Sleep } from "../../../../plugins/contact-avatar/rotation/changeQueue";
import { targetOf } from "../../../../plugins/contact-avatar/rotation/rotationManager";
import { parseSchedule } from "../../../../plugins/contact-avatar/rotation/schedule";
import { showText } from "../../../../plugins/contact-avatar/rotation/view";
import { openManager, writeImage } from "../../../../fixtures/rotationManager";

const T0 = new Date("2025-01-10T10:30:00Z");
const DUE = new Date("2025-01-10T11:00:30Z");

/** Resolves once `condition` holds; polls, since the server has no event for what tests wait on. */
async function until(condition: () => boolean, what: string, limitMs = 15000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`not in time: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("the rotation queue's change in flight and its waits", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let running: RunningHost;
  let root: string;

  beforeAll(async () => {
    world = await World.seeded();
    dc = await TestDc.start({ world, logLevel: "silent" });
    running = await startHost({ dc, logLevel: "silent" });
  });
  afterAll(async () => {
    await running?.stop();
    await dc?.stop();
  });
  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "rotation-stop-"));
    await writeImage(path.join(root, "pics"), "1.jpg", "red");
  });
  afterEach(() => {
    dc.faults.clear();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function managerWith(extra: { sleep?: Sleep } = {}) {
    const logs: string[] = [];
    const log = createLogger({ level: "info", write: (line) => logs.push(line) });
    const opened = await openManager({ telegram: running.telegram, dataDir: path.join(root, "data"), clock: () => T0, log, ...extra });
    await opened.manager.start();
    const alice = targetOf(await running.telegram.users.resolve({ username: "alice" }));
    await opened.manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: path.join(root, "pics") }, "sequential");
    return { ...opened, logs, alice };
  }

  it("should cancel a scheduled change whose upload gets no answer when the plugin stops, promptly and saying so", async () => {
    const { manager, logs } = await managerWith();
    dc.faults.add({ method: "upload.SaveFilePart", times: Infinity, action: { noAnswer: true } });
    const since = dc.calls.length;
    expect(manager.tick(DUE)).toBe(1);
    await dc.waitForCall("upload.SaveFilePart", { since });
    const started = Date.now();
    // Without the signal the stop would wait for the transfer's timeout (300 s).
    await withTimeout(manager.stop(), 5000, "the plugin's stop");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(logs.some((l) => l.includes("Rotation for Alice Liddell: the change in progress was cancelled (the plugin is stopping)"))).toBe(true);
    // Nothing was saved: the change is still due and runs after the next start.
    expect(manager.get(manager.list()[0].id)?.state.nextDueAt).toBe("2025-01-10T11:00:00.000Z");
  });

  it("should give the owner one notice of a long wait, show it, and drop the change when asked", async () => {
    // The queue's sleep only ends when aborted: the hour is never slept.
    const sleeps: number[] = [];
    const sleep: Sleep = (ms, signal) => {
      sleeps.push(ms);
      return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
    };
    const { manager, notices, alice } = await managerWith({ sleep });
    const before = world.photoState(world.ids.alice).personal;
    dc.faults.add({ method: "photos.UploadContactProfilePhoto", times: Infinity, action: { rpcError: [420, "FLOOD_WAIT_3600"] } });
    const waits: number[] = [];
    const run = manager.runNow(alice.userId, (wait) => waits.push(wait.seconds));
    await until(() => manager.pendingWait(alice.userId) !== undefined, "the queue waits");
    expect(waits).toEqual([3600]);
    expect(notices).toEqual([
      `⏳ Telegram asks to wait 1 h before the next avatar change: Alice Liddell's photo will be changed at Fri 10 Jan, 11:30 (UTC). Send .rotation drop ${alice.userId} to drop it.`,
    ]);
    const shown = await showText(manager.get(alice.userId)!, manager);
    expect(shown).toContain("State: ⏳ waiting: Telegram asks to wait 1 h; the change will be made at Fri 10 Jan, 11:30 (UTC)");

    await expect(manager.dropPending(alice.userId)).resolves.toEqual({ dropped: 1, inFlight: false });
    await expect(run).rejects.toBeInstanceOf(ChangeDroppedError);
    expect(manager.pendingWait(alice.userId)).toBeUndefined();
    expect(notices).toHaveLength(1);
    expect(world.photoState(world.ids.alice).personal).toBe(before);
    await manager.stop();
  });
});

describe(".rotation next under a long flood wait, in the chat", () => {
  let host: SeededHost;
  let folder: string;
  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "rotation-wait-"));
    await writeImage(folder, "1.jpg", "blue");
    host = await startSeededHost({ plugins: ["contact-avatar"] });
  });
  afterAll(async () => {
    await host?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  function command(text: string) {
    const sent = host.world.ownerSends({ userId: host.world.ids.alice }, { text });
    return { id: sent.id, done: host.running.handled(sent.id, 20000).then(() => host.world.message(sent.id)?.text) };
  }
  const savedMessages = () => host.world.history({ userId: host.world.ownerId }).map((m) => m.text);

  it("should say how long Telegram asks to wait and when the change will be made, show the wait, notify once, and drop it", async () => {
    const { world, dc } = host;
    expect(await command(`.rotation add @alice hourly --folder=${folder}`).done).toMatch(/^Rotation for Alice Liddell created/);
    const before = world.photoState(world.ids.alice).personal;
    const noticesBefore = savedMessages().length;
    dc.faults.add({ method: "photos.UploadContactProfilePhoto", times: Infinity, action: { rpcError: [420, "FLOOD_WAIT_3600"] } });
    const next = command(".rotation next @alice");
    await until(() => /^⏳/.test(world.message(next.id)?.text ?? ""), "the wait is shown");
    expect(world.message(next.id)?.text).toMatch(
      new RegExp(
        `^⏳ Telegram asks to wait 1 h before the next photo change: Alice Liddell's photo will be changed at .+\\. Send \\.rotation drop ${world.ids.alice} to drop it\\.$`,
      ),
    );
    expect(await command(".rotation show @alice").done).toMatch(/State: ⏳ waiting: Telegram asks to wait 1 h; the change will be made at /);
    const notices = savedMessages()
      .slice(noticesBefore)
      .filter((t) => t.startsWith("⏳"));
    expect(notices).toHaveLength(1);

    expect(await command(".rotation drop @alice").done).toBe("Rotation for Alice Liddell: the waiting change was dropped; the photo stays as it is.");
    expect(await next.done).toBe("Rotation for Alice Liddell: the change was dropped; the photo was not changed.");
    expect(world.photoState(world.ids.alice).personal).toBe(before);
    expect(dc.calls.count("photos.UploadContactProfilePhoto")).toBe(1);
    dc.faults.clear();
  }, 40000);
});
