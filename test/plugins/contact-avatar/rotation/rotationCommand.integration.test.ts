/**
 * `.rotation` typed by the owner, through the real host with the real
 * contact-avatar plugin, against the local Telegram server.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TestDc } from "../../../../local-telegram/server";
import { World, type SeededWorld } from "../../../../local-telegram/world";
import { startHost, type RunningHost } from "../../../../local-telegram/runningHost";
import { colourOf, writeImage } from "../../../../fixtures/rotationManager";

describe(".rotation through the host", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let running: RunningHost;
  let folder: string;

  beforeAll(async () => {
    world = await World.seeded();
    dc = await TestDc.start({ world, logLevel: "silent" });
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "rotation-cmd-"));
    await writeImage(folder, "1.jpg", "red");
    await writeImage(folder, "2.jpg", "green");
    running = await startHost({
      dc,
      plugins: ["contact-avatar"],
      logLevel: "silent",
      local: { pluginConfig: { "contact-avatar": { rotationSpacingSeconds: 0, rotationTimezone: "Europe/Berlin" } } },
    });
  });

  afterAll(async () => {
    await running?.stop();
    await dc?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  async function owner(text: string): Promise<string | undefined> {
    const sent = world.ownerSends({ userId: world.owner.id }, { text });
    await running.handled(sent.id, 20000);
    return world.message(sent.id)?.text;
  }

  function storedRotations(): string[] {
    const file = path.join(running.dataDir, "plugins", "contact-avatar", "store.json");
    if (!fs.existsSync(file)) return [];
    return Object.keys(JSON.parse(fs.readFileSync(file, "utf8")).data).filter((k) => k.startsWith("rotation:"));
  }

  it.each([
    [`.rotation add @alice 61 * * * * --folder=${"FOLDER"}`, /is not a schedule/],
    [".rotation add @alice every 7h --folder=FOLDER", /hours must divide 24/],
    [".rotation add @alice hourly --tz=Mars/Base --folder=FOLDER", /Unknown time zone "Mars\/Base"/],
    [".rotation add @nobody_here hourly --folder=FOLDER", /No Telegram user is called @nobody_here/],
    [".rotation add @carol hourly --folder=FOLDER", /not in your contacts/],
    [".rotation add @alice hourly --folder=/no/such/folder", /does not exist/],
    [".rotation add @alice hourly --folder=FOLDER --suggest", /only sets your personal photo/],
    [".rotation add @alice hourly --folder=FOLDER --order=random", /Unknown order "random"/],
  ])("should refuse %s and save nothing", async (command, message) => {
    expect(await owner(command.replace("FOLDER", folder))).toMatch(message);
    expect(storedRotations()).toEqual([]);
  });

  it("should add, list, show and run a rotation, and explain itself in .help", async () => {
    expect(await owner(`.rotation add @alice daily 09:00 --folder=${folder}`)).toMatch(
      /^Rotation for Alice Liddell created: daily 09:00 \(Europe\/Berlin\), folder .* \(2 images\), sequential\. Next change: .*09:00 \(Europe\/Berlin\)\.$/,
    );
    expect(storedRotations()).toHaveLength(1);
    expect(await owner(".rotation list")).toMatch(/Alice Liddell \[chat\]: daily 09:00, folder, sequential; next/);

    const before = world.contactPhotoCalls.length;
    expect(await owner(".rotation next @alice")).toBe("Rotation for Alice Liddell: now showing 1.jpg.");
    const call = world.contactPhotoCalls.slice(before).find((c) => !c.error);
    expect(call?.save).toBe(true);
    expect(await colourOf(call!.file!.bytes)).toBe("red");

    const shown = await owner(".rotation show @alice");
    expect(shown).toMatch(/Images: 2 in the folder/);
    expect(shown).toMatch(/Position: last shown 1\.jpg; 1 changes so far/);

    expect(await owner(".rotation pause @alice")).toBe("Rotation for Alice Liddell paused.");
    expect(await owner(".rotation next @alice")).toMatch(/is paused \(paused by you\); resume it first/);
    expect(await owner(".rotation resume @alice")).toMatch(/^Rotation for Alice Liddell resumed\. Next change: /);
    expect(await owner(".help rotation")).toMatch(/on a schedule[\s\S]*every 6h[\s\S]*rotation add @alice daily 09:00/);
    expect(await owner(".rotation remove @alice")).toBe("Rotation for Alice Liddell removed.");
    expect(storedRotations()).toEqual([]);
  });

  it("should add a replied photo to a pool rotation, prepared once, and apply it", async () => {
    const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".rotation add @alice", replyTo: world.ids.aliceChat.photoMessage });
    await running.handled(sent.id, 20000);
    expect(world.message(sent.id)?.text).toMatch(/^Rotation for Alice Liddell created: daily 09:00 .*pool \(1 image\(s\) added\)/);
    const poolDir = path.join(running.dataDir, "plugins", "contact-avatar");
    const pooled = fs
      .readdirSync(poolDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".jpg"));
    expect(pooled).toHaveLength(1);

    const before = world.contactPhotoCalls.length;
    expect(await owner(".rotation next @alice")).toMatch(/^Rotation for Alice Liddell: now showing /);
    const call = world.contactPhotoCalls.slice(before).find((c) => !c.error);
    expect(call?.save).toBe(true);
    expect(call?.file?.bytes.equals(fs.readFileSync(path.join(poolDir, pooled[0])))).toBe(true);
    expect(await owner(".rotation remove @alice")).toBe("Rotation for Alice Liddell removed.");
  });

  it("should run a manual .setpfp after the rotation's change for the same contact, never interleaved", async () => {
    expect(await owner(`.rotation add @alice hourly --folder=${folder}`)).toMatch(/^Rotation for Alice Liddell created/);
    dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { delayMs: 400 } });
    const since = dc.calls.length;
    const rotate = world.ownerSends({ userId: world.owner.id }, { text: ".rotation next @alice" });
    const manual = world.ownerSends({ userId: world.ids.alice }, { text: ".setpfp", replyTo: world.ids.aliceChat.photoMessage });
    await Promise.all([running.handled(rotate.id, 20000), running.handled(manual.id, 20000)]);
    const calls = dc.calls.all.slice(since);
    const [first, second] = calls.filter((c) => c.method === "photos.UploadContactProfilePhoto");
    const partsOfSecond = calls.filter((c) => c.method === "upload.SaveFilePart" && c.index > first.index);
    expect(partsOfSecond.length).toBeGreaterThan(0);
    // The first change was answered 400 ms after it arrived; the second upload began only after that.
    expect(partsOfSecond[0].at.getTime() - first.at.getTime()).toBeGreaterThanOrEqual(380);
    expect(second.index).toBeGreaterThan(partsOfSecond[0].index);
    expect(world.message(manual.id)?.text).toMatch(/^Personal photo set for Alice Liddell/);
    expect(await owner(".rotation remove @alice")).toBe("Rotation for Alice Liddell removed.");
  });
});
