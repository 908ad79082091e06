/**
 * Rotations against the local Telegram server through a real GramJS client:
 * real images in temp folders, the real JsonStore, the real avatar service.
 * The clock is the test's, and runs are started with tick(now).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { TestDc } from "../../../../local-telegram/server";
import { World, type SeededWorld } from "../../../../local-telegram/world";
import { startHost, type RunningHost } from "../../../../local-telegram/runningHost";
import { prepareImage } from "../../../../plugins/contact-avatar/image";
import { targetOf } from "../../../../plugins/contact-avatar/rotation/rotationManager";
import { parseSchedule } from "../../../../plugins/contact-avatar/rotation/schedule";
import type { RotationTarget } from "../../../../plugins/contact-avatar/rotation/state";
import { colourOf, openManager, seeded, writeImage, type ManagerSetup } from "../../../../fixtures/rotationManager";

const HOUR = 3_600_000;
const T0 = new Date("2025-01-10T10:30:00Z");

describe("rotations against the local Telegram server", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let running: RunningHost;
  let alice: RotationTarget;
  let bob: RotationTarget;
  let root: string;

  beforeAll(async () => {
    world = await World.seeded();
    dc = await TestDc.start({ world, logLevel: "silent" });
    running = await startHost({ dc, logLevel: "silent" });
    alice = targetOf(await running.telegram.users.resolve({ username: "alice" }));
    bob = targetOf(await running.telegram.users.resolve({ id: world.ids.bob }));
  });

  afterAll(async () => {
    await running?.stop();
    await dc?.stop();
  });

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "rotation-"));
    world.setAvatarRateLimit(undefined);
    world.makeContact(world.ids.alice);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  /** Colours of the photos Telegram accepted for `target` since `from` (an index into contactPhotoCalls). */
  async function accepted(target: RotationTarget, from: number): Promise<string[]> {
    const calls = world.contactPhotoCalls.slice(from).filter((c) => c.userId?.toString() === target.userId && !c.error && c.file);
    return Promise.all(calls.map((c) => colourOf(c.file!.bytes)));
  }

  function clockAt(start: Date) {
    let now = start;
    return { clock: () => now, set: (d: Date) => (now = d) };
  }

  function setup(clock: () => Date, extra: Partial<ManagerSetup> = {}): ManagerSetup {
    return { telegram: running.telegram, dataDir: path.join(root, "data"), clock, ...extra };
  }

  it("should go through a folder in natural file-name order over several runs", async () => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "10.jpg", "blue");
    await writeImage(folder, "2.png", "green");
    await writeImage(folder, "1.jpg", "red");
    const time = clockAt(T0);
    const { manager } = await openManager(setup(time.clock));
    await manager.start();
    await manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: folder }, "sequential");
    const from = world.contactPhotoCalls.length;

    expect(manager.tick(T0)).toBe(0); // not due before 11:00
    for (let run = 1; run <= 4; run++) {
      time.set(new Date(Date.parse("2025-01-10T10:00:00Z") + run * HOUR));
      expect(manager.tick(time.clock())).toBe(1);
      await manager.idle();
    }
    expect(await accepted(alice, from)).toEqual(["red", "green", "blue", "red"]);
    expect(world.photoState(world.ids.alice).personal).toBeDefined();
    expect(manager.get(alice.userId)?.state).toMatchObject({ runs: 4, position: { lastShown: "1.jpg" }, nextDueAt: "2025-01-10T15:00:00.000Z" });
    await manager.stop();
  });

  it("should shuffle: each image once per cycle, never twice in a row", async () => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "a.jpg", "red");
    await writeImage(folder, "b.jpg", "green");
    await writeImage(folder, "c.jpg", "blue");
    const time = clockAt(T0);
    const { manager } = await openManager(setup(time.clock, { random: seeded(7) }));
    await manager.start();
    await manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: folder }, "shuffle");
    const from = world.contactPhotoCalls.length;
    for (let run = 1; run <= 9; run++) {
      time.set(new Date(Date.parse("2025-01-10T10:00:00Z") + run * HOUR));
      manager.tick(time.clock());
      await manager.idle();
    }
    const shown = await accepted(alice, from);
    expect(shown).toHaveLength(9);
    for (let cycle = 0; cycle < 3; cycle++) expect([...shown.slice(cycle * 3, cycle * 3 + 3)].sort()).toEqual(["blue", "green", "red"]);
    for (let i = 1; i < shown.length; i++) expect(shown[i]).not.toBe(shown[i - 1]);
    await manager.stop();
  });

  it.each([
    ["one", 1],
    ["none", 0],
  ] as const)("should continue at the right position after a restart, with catch-up %s", async (catchUp, catchUpRuns) => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "1.jpg", "red");
    await writeImage(folder, "2.jpg", "green");
    await writeImage(folder, "3.jpg", "blue");
    const time = clockAt(T0);
    const first = await openManager(setup(time.clock, { settings: { catchUp } }));
    await first.manager.start();
    await first.manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: folder }, "sequential");
    for (const hour of ["11", "12"]) {
      time.set(new Date(`2025-01-10T${hour}:00:00Z`));
      first.manager.tick(time.clock());
      await first.manager.idle();
    }
    await first.manager.stop();

    // Down for five hours: five hourly slots missed.
    const from = world.contactPhotoCalls.length;
    time.set(new Date("2025-01-10T17:20:00Z"));
    const second = await openManager(setup(time.clock, { settings: { catchUp } }));
    await second.manager.start();
    await second.manager.idle();
    expect(await accepted(alice, from)).toEqual(catchUpRuns ? ["blue"] : []);
    expect(second.manager.get(alice.userId)?.state.nextDueAt).toBe("2025-01-10T18:00:00.000Z");

    time.set(new Date("2025-01-10T18:00:00Z"));
    second.manager.tick(time.clock());
    await second.manager.idle();
    expect(await accepted(alice, from)).toEqual(catchUpRuns ? ["blue", "red"] : ["blue"]);
    await second.manager.stop();
  });

  it("should wait out the server's flood wait and lose no change", async () => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "1.jpg", "red");
    await writeImage(folder, "2.jpg", "green");
    const time = clockAt(T0);
    const { manager } = await openManager(setup(time.clock, { sleep: undefined }));
    await manager.start();
    const hourly = parseSchedule("hourly", "UTC", T0);
    await manager.define(alice, hourly, { kind: "folder", path: folder }, "sequential");
    await manager.define(bob, hourly, { kind: "folder", path: folder }, "sequential");
    world.setAvatarRateLimit({ max: 2, perSeconds: 2 });
    const from = world.contactPhotoCalls.length;
    const started = Date.now();

    time.set(new Date("2025-01-10T11:00:00Z"));
    expect(manager.tick(time.clock())).toBe(2);
    const manual = [manager.runNow(alice.userId), manager.runNow(bob.userId)];
    await expect(Promise.all(manual)).resolves.toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
    await manager.idle();

    const refused = world.contactPhotoCalls.slice(from).filter((c) => c.error?.startsWith("FLOOD_WAIT_"));
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(manager.queue.stats.floodWaits).toBe(refused.length);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    expect(await accepted(alice, from)).toEqual(["red", "green"]);
    expect(await accepted(bob, from)).toEqual(["red", "green"]);
    await manager.stop();
  });

  it("should skip a corrupt image and a removed file, record them, and go on", async () => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "1.jpg", "red");
    fs.writeFileSync(path.join(folder, "2.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1])); // a cut-off JPEG
    await writeImage(folder, "3.jpg", "green");
    await writeImage(folder, "4.jpg", "blue");
    const time = clockAt(T0);
    const { manager } = await openManager(setup(time.clock));
    await manager.start();
    await manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: folder }, "sequential");
    const from = world.contactPhotoCalls.length;

    await manager.runNow(alice.userId);
    fs.rmSync(path.join(folder, "3.jpg"));
    const outcome = await manager.runNow(alice.userId);
    expect(outcome).toEqual({ ok: true, image: "4.jpg", skipped: 1 });
    expect(await accepted(alice, from)).toEqual(["red", "blue"]);
    const state = manager.get(alice.userId)!.state;
    expect(state.skipped).toEqual([expect.objectContaining({ name: "2.jpg", reason: expect.stringMatching(/truncated or damaged/) })]);
    expect(state.paused).toBeUndefined();
    await manager.stop();
  });

  it("should skip devices, FIFOs, sockets and oversized files in a folder without reading them (issue 10, failure 3)", async () => {
    const folder = path.join(root, "pics");
    const outside = path.join(root, "outside");
    fs.mkdirSync(outside, { recursive: true });
    await writeImage(folder, "6.jpg", "green");
    fs.symlinkSync("/dev/zero", path.join(folder, "1.jpg"));
    execFileSync("mkfifo", [path.join(outside, "pipe")]);
    fs.symlinkSync(path.join(outside, "pipe"), path.join(folder, "2.jpg"));
    // 1.5 GB that takes no disk: refused by its size, before a byte is read.
    fs.closeSync(fs.openSync(path.join(folder, "3.jpg"), "w"));
    fs.truncateSync(path.join(folder, "3.jpg"), 1.5 * 1024 ** 3);
    const socket = net.createServer();
    await new Promise<void>((resolve) => socket.listen(path.join(outside, "sock"), resolve));
    fs.symlinkSync(path.join(outside, "sock"), path.join(folder, "4.jpg"));
    fs.symlinkSync(outside, path.join(folder, "5.jpg"));
    try {
      const time = clockAt(T0);
      const { manager } = await openManager(setup(time.clock));
      await manager.start();
      await manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: folder }, "sequential");
      const from = world.contactPhotoCalls.length;
      expect(await manager.runNow(alice.userId)).toEqual({ ok: true, image: "6.jpg", skipped: 5 });
      expect(await accepted(alice, from)).toEqual(["green"]);
      const reasons = Object.fromEntries(manager.get(alice.userId)!.state.skipped.map((s) => [s.name, s.reason]));
      expect(reasons).toEqual({
        "1.jpg": "it is a device, not a regular file",
        "2.jpg": "it is a FIFO (named pipe), not a regular file",
        "3.jpg": "The file is 1.5 GB, more than the 20.0 MB limit",
        "4.jpg": "it is a socket, not a regular file",
        "5.jpg": "it is a folder",
      });
      await manager.stop();
    } finally {
      socket.close();
    }
  }, 15000);

  it("should pause a rotation whose contact was removed, and tell the owner once", async () => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "1.jpg", "red");
    const time = clockAt(T0);
    const { manager, notices } = await openManager(setup(time.clock));
    await manager.start();
    await manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: folder }, "sequential");
    world.removeContact(world.ids.alice);

    time.set(new Date("2025-01-10T11:00:00Z"));
    manager.tick(time.clock());
    await manager.idle();
    const calls = world.contactPhotoCalls.length;
    for (const hour of ["12", "13"]) {
      time.set(new Date(`2025-01-10T${hour}:00:00Z`));
      expect(manager.tick(time.clock())).toBe(0);
      await manager.idle();
    }
    expect(world.contactPhotoCalls.length).toBe(calls);
    expect(world.contactPhotoCalls.at(-1)?.error).toBe("CONTACT_MISSING");
    expect(notices).toEqual([expect.stringMatching(/rotation for Alice.* is paused: .*no longer in your contacts/)]);
    expect(manager.get(alice.userId)?.state.paused?.reason).toMatch(/no longer in your contacts/);

    // Paused state survives a restart, and no second notice is sent.
    await manager.stop();
    const again = await openManager(setup(time.clock, { notices }));
    await again.manager.start();
    expect(again.manager.get(alice.userId)?.state.paused).toBeDefined();
    expect(notices).toHaveLength(1);
    await again.manager.stop();
  });

  it("should pause when its folder is deleted, and after repeated failures", async () => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "1.jpg", "red");
    const empty = path.join(root, "empty");
    fs.mkdirSync(empty);
    const time = clockAt(T0);
    const { manager, notices } = await openManager(setup(time.clock, { settings: { failuresBeforePause: 2 } }));
    await manager.start();
    const hourly = parseSchedule("hourly", "UTC", T0);
    await manager.define(alice, hourly, { kind: "folder", path: folder }, "sequential");
    await manager.define(bob, hourly, { kind: "folder", path: empty }, "sequential");
    fs.rmSync(folder, { recursive: true });
    for (const hour of ["11", "12", "13"]) {
      time.set(new Date(`2025-01-10T${hour}:00:00Z`));
      manager.tick(time.clock());
      await manager.idle();
    }
    expect(manager.get(alice.userId)?.state.paused?.reason).toMatch(/folder .* no longer exists/);
    expect(manager.get(bob.userId)?.state).toMatchObject({ failures: 2, paused: { reason: expect.stringMatching(/2 runs in a row failed/) } });
    expect(notices).toHaveLength(2);
    await manager.stop();
  });

  it("should rotate a pool of images prepared once and stored under the data folder", async () => {
    const time = clockAt(T0);
    const { manager } = await openManager(setup(time.clock));
    await manager.start();
    await manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "pool" }, "sequential");
    const staging = path.join(root, "staging");
    await writeImage(staging, "a.jpg", "yellow");
    await writeImage(staging, "b.png", "magenta");
    const jpegs = await Promise.all(["a.jpg", "b.png"].map(async (n) => (await prepareImage(fs.readFileSync(path.join(staging, n)), { size: 640 })).jpeg));
    expect(await manager.addToPool(alice.userId, jpegs)).toEqual(["0001.jpg", "0002.jpg"]);
    expect(fs.readdirSync(path.join(root, "data", "rotation-pools", alice.userId)).sort()).toEqual(["0001.jpg", "0002.jpg"]);
    const from = world.contactPhotoCalls.length;
    await manager.runNow(alice.userId);
    await manager.runNow(alice.userId);
    expect(await accepted(alice, from)).toEqual(["yellow", "magenta"]);
    // Stored bytes are sent as they are: prepared once.
    expect(world.contactPhotoCalls.at(-1)?.file?.bytes.equals(jpegs[1])).toBe(true);
    await manager.remove(alice.userId);
    expect(fs.existsSync(path.join(root, "data", "rotation-pools", alice.userId))).toBe(false);
    await manager.stop();
  });

  it("should list rotations declared in the config with the chat-made ones, and keep chat commands off them", async () => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "1.jpg", "red");
    const time = clockAt(T0);
    const { manager } = await openManager(setup(time.clock));
    await manager.start([
      { target: "@alice", schedule: "daily 09:00", folder, order: "shuffle" },
      { target: "@nobody_here", schedule: "hourly", folder, order: "sequential" },
      { target: "Carol", schedule: "hourly", folder, order: "sequential" },
    ]);
    await manager.define(bob, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: folder }, "sequential");
    expect(manager.list().map((r) => [r.definition.target.name, r.definition.origin])).toEqual([
      ["Alice Liddell", "config"],
      ["Bob", "chat"],
    ]);
    expect(manager.declaredProblems()).toEqual([
      { target: "@nobody_here", problem: "No Telegram user is called @nobody_here." },
      { target: "Carol", problem: expect.stringMatching(/^No contact is called "Carol"|^Carol is not in your contacts/) },
    ]);
    await expect(manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "folder", path: folder }, "sequential")).rejects.toThrow(
      /declared in the config/,
    );
    await expect(manager.remove(alice.userId)).rejects.toThrow(/declared in the config/);
    await manager.stop();

    // Gone from the config: gone from the rotations on the next start.
    const again = await openManager(setup(time.clock));
    await again.manager.start([]);
    expect(again.manager.list().map((r) => r.definition.target.name)).toEqual(["Bob"]);
    await again.manager.stop();
  });

  it("should take a declared rotation's contact by name or phone number, as chat commands do (Bob has no username)", async () => {
    const folder = path.join(root, "pics");
    await writeImage(folder, "1.jpg", "red");
    const { manager } = await openManager(setup(clockAt(T0).clock));
    await manager.start([{ target: "Bob", schedule: "daily 09:00", folder, order: "sequential" }]);
    expect(manager.declaredProblems()).toEqual([]);
    expect(manager.list().map((r) => [r.definition.target.name, r.definition.target.userId, r.definition.origin])).toEqual([["Bob", bob.userId, "config"]]);
    await manager.stop();
    const byPhone = await openManager(setup(clockAt(T0).clock));
    await byPhone.manager.start([{ target: "+1 415 555 0143", schedule: "daily 09:00", folder, order: "sequential" }]);
    expect(byPhone.manager.list().map((r) => r.definition.target.userId)).toEqual([bob.userId]);
    await byPhone.manager.stop();
  });

  describe("no silent loss (issue 10, failures 7, 8, 11)", () => {
    it("should refuse a declared rotation for a contact with a chat-made one, keep the chat's and its pool, and say so", async () => {
      const time = clockAt(T0);
      const first = await openManager(setup(time.clock));
      await first.manager.start();
      await first.manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "pool" }, "sequential");
      await writeImage(path.join(root, "staging"), "red.jpg", "red");
      const red = await prepareImage(fs.readFileSync(path.join(root, "staging", "red.jpg")), { size: 640 });
      await first.manager.addToPool(alice.userId, [red.jpeg]);
      await first.manager.stop();

      const folder = path.join(root, "pics");
      await writeImage(folder, "1.jpg", "blue");
      const again = await openManager(setup(time.clock));
      await again.manager.start([{ target: "@alice", schedule: "daily 09:00", folder, order: "sequential" }]);
      expect(again.manager.get(alice.userId)?.definition).toMatchObject({ origin: "chat", source: { kind: "pool" } });
      expect(fs.readdirSync(path.join(root, "data", "rotation-pools", alice.userId))).toEqual(["0001.jpg"]);
      expect(again.manager.declaredProblems()).toEqual([
        { target: "@alice", problem: expect.stringMatching(/^Alice Liddell already has a rotation made in the chat, which is kept/) },
      ]);
      expect(again.notices).toEqual([
        expect.stringMatching(/^⚠️ The config declares an avatar rotation for @alice, but Alice Liddell already has a rotation made in the chat/),
      ]);
      await again.manager.stop();
    });

    it("should move damaged records aside, keep the rest, and tell the owner what was lost and where it is", async () => {
      const time = clockAt(T0);
      const first = await openManager(setup(time.clock));
      await first.manager.start();
      await first.manager.define(alice, parseSchedule("hourly", "UTC", T0), { kind: "pool" }, "sequential");
      await first.manager.define(bob, parseSchedule("hourly", "UTC", T0), { kind: "pool" }, "sequential");
      await first.store.set(`rotation:${bob.userId}`, { ...first.store.get<object>(`rotation:${bob.userId}`), state: { failures: "many" } });
      await first.manager.stop();

      const again = await openManager(setup(time.clock));
      await again.manager.start();
      expect(again.manager.list().map((r) => r.definition.target.name)).toEqual(["Alice Liddell"]);
      expect(again.store.has(`rotation:${bob.userId}`)).toBe(false);
      expect(again.notices).toHaveLength(1);
      const file = /kept in (\S+\.json)/.exec(again.notices[0])?.[1];
      expect(again.notices[0]).toContain(`• Bob ${bob.userId}: state.position:`);
      expect(JSON.parse(fs.readFileSync(file!, "utf8"))[`rotation:${bob.userId}`].definition.target.name).toBe("Bob");
      await again.manager.stop();
    });

    it("should remove pool folders that belong to no rotation at start", async () => {
      const orphan = path.join(root, "data", "rotation-pools", "999");
      fs.mkdirSync(orphan, { recursive: true });
      fs.writeFileSync(path.join(orphan, "0001.jpg"), "x");
      const { manager } = await openManager(setup(clockAt(T0).clock));
      await manager.start();
      expect(fs.existsSync(orphan)).toBe(false);
      await manager.stop();
    });
  });
});
