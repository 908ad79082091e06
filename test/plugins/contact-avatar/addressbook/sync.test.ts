/**
 * The scheduled CardDAV sync's rules (when it runs, when the owner hears of
 * it), driven with an explicit clock. The CardDAV server is the real local
 * one; Telegram is a stub here (the contact list and the set call), because
 * the sync's timing cannot be driven through the host's minute job without
 * waiting for minutes. The Telegram path itself is covered end to end in
 * pfpImport.integration.test.ts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createLogger } from "../../../../src/log/logger";
import type { PluginContext } from "../../../../src/plugins/definePlugin";
import type { Telegram } from "../../../../src/telegram/types";
import { MemoryStore } from "../../../../src/storage/memoryStore";
import { createJob, pendingJob } from "../../../../plugins/contact-avatar/addressbook/importJob";
import { addressBookWiring } from "../../../../plugins/contact-avatar/addressbook/wiring";
import { ChangeQueue } from "../../../../plugins/contact-avatar/rotation/changeQueue";
import type { AvatarService } from "../../../../plugins/contact-avatar/service/avatarService";
import type { AvatarConfig } from "../../../../plugins/contact-avatar/settings";
import { makeJpeg } from "../../../../fixtures/images";
import { startLocalCardDav, type LocalCardDav } from "./carddavServer";
import { vcard } from "../../../../fixtures/vcards";
import { ownedUser } from "../../../fixtures/owned";

const log = createLogger({ level: "silent" });

describe("scheduled CardDAV sync", () => {
  let dav: LocalCardDav;
  let dir: string;
  const saved = { ...process.env };
  const notices: string[] = [];
  const applied: string[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "addressbook-sync-"));
    dav = await startLocalCardDav({
      "li.vcf": vcard({ version: "3.0", name: "Li Wei", phones: ["+1 202 555 0143"], photo: { bytes: await makeJpeg({ width: 700, height: 700 }) } }),
    });
    Object.assign(process.env, { CARDDAV_URL: dav.url, CARDDAV_USERNAME: dav.username, CARDDAV_PASSWORD: dav.password });
    notices.length = 0;
    applied.length = 0;
  });

  afterEach(async () => {
    process.env = { ...saved };
    await dav.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function wired(config: Partial<AvatarConfig> = {}, store = new MemoryStore()) {
    const telegram = {
      // The owner's own number gives the region local numbers on cards are read in.
      self: () => ownedUser({ id: 1n, firstName: "Owner", phone: "14155550100", self: true }),
      contacts: { list: async () => [ownedUser({ id: 7n, firstName: "Li", lastName: "Wei", phone: "12025550143", contact: true })] },
      messages: { edit: async () => undefined },
    } as unknown as Telegram;
    const service = {
      apply: async (change: { user: bigint }) => {
        applied.push(change.user.toString());
        return { photo: { id: BigInt(100 + applied.length), date: 0, animated: false } };
      },
    } as unknown as AvatarService;
    const ctx = {
      telegram,
      store,
      config: {
        size: 800,
        quality: 87,
        crop: "center",
        background: "#ffffff",
        maxInputMB: 20,
        urlMaxMB: 10,
        urlTimeoutSeconds: 5,
        importMaxMB: 40,
        cardDavTimeoutSeconds: 2,
        cardDavSync: "",
        ...config,
      },
      log,
      timezone: "UTC",
      dataDir: dir,
      notifyOwner: async (text: string) => void notices.push(text),
    } as unknown as PluginContext<AvatarConfig>;
    const wiring = addressBookWiring();
    const queue = new ChangeQueue({ spacingMs: 0, log });
    await wiring.setup(ctx, service, () => queue);
    return wiring;
  }

  it("should carry on an import a restart interrupted, from where it stopped", async () => {
    const store = new MemoryStore();
    const change = (id: string) => ({
      contact: { id, firstName: `P${id}`, lastName: "", hasOwnPhoto: false },
      card: { index: 1, version: "3.0", name: `P${id}`, phones: [], photo: undefined, key: `uid:${id}` },
      how: "phone" as const,
      photoHash: `h${id}`,
      image: { jpeg: Buffer.from("x"), width: 800, height: 800, bytes: 1, sourceFormat: "jpeg", sourceWidth: 800, sourceHeight: 800, ms: 1 },
    });
    const job = await createJob({ store, dataDir: dir }, [change("1"), change("2"), change("3")], { head: "plan" });
    await store.set("addressbook:job", { ...job, done: 1 });
    const wiring = await wired({}, store);
    expect(await wiring.resumed()).toBe("plan\nImported 3 of 3 photos.");
    expect(applied).toEqual(["2", "3"]);
    expect(pendingJob(store)).toBeUndefined();
  });

  it("should run on the config's schedule, send one notice when something changed, and none when nothing did", async () => {
    const wiring = await wired({ cardDavSync: "daily 09:00" });
    await wiring.sync(new Date("2026-12-01T08:00:00Z"));
    expect(applied).toEqual([]);
    await wiring.sync(new Date("2026-12-01T08:59:00Z"));
    expect(applied).toEqual([]);
    await wiring.sync(new Date("2026-12-01T09:00:30Z"));
    expect(applied).toEqual(["7"]);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^📇 Address book sync\n/);
    expect(notices[0]).toContain("  Li Wei ← card 1 (Li Wei), by phone");
    expect(notices[0]).toContain("Imported 1 of 1 photo.");
    // The next day: the address book is the same, so nothing is set and nothing is said.
    await wiring.sync(new Date("2026-12-02T09:00:30Z"));
    expect(applied).toEqual(["7"]);
    expect(notices).toHaveLength(1);
  });

  it("should tell the owner once when the server fails, and follow --every over the config", async () => {
    const wiring = await wired({ cardDavSync: "daily 09:00" });
    expect(await wiring.setSchedule("every 6h", new Date("2026-12-01T04:30:00Z"))).toMatch(/^The CardDAV address book will sync every 6h \(UTC\); next: /);
    await wiring.sync(new Date("2026-12-01T05:00:00Z"));
    expect(notices).toEqual([]);
    dav.mode = "fail";
    await wiring.sync(new Date("2026-12-01T06:00:10Z"));
    expect(notices).toEqual(["📇 Address book sync failed: The CardDAV server failed (500 Internal Server Error); nothing was changed, try again later"]);
    expect(applied).toEqual([]);
    expect(await wiring.setSchedule("off")).toBe("The scheduled CardDAV sync is off.");
    dav.mode = "ok";
    await wiring.sync(new Date("2026-12-01T12:00:10Z"));
    expect(applied).toEqual([]);
  });
});
