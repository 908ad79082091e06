/**
 * A stop and a reload with work in flight (issue 10, failures 2 and 5): the
 * real host and GramJS against the local server, with the server made to
 * hang or stall the calls the commands are in.
 */
import fs from "node:fs";
import type { MethodName } from "../../../../local-telegram/protocol/callLog";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { startSeededHost, type SeededHost } from "../../../../local-telegram/runningHost";

const SHUTDOWN_S = 2;
/** The reload's grace: long enough for a slow .setpfp on a loaded CI machine. */
const RELOAD_GRACE_S = 8;

/** Resolves once the server has seen `method` (polled: the server has no event for it). */
async function seen(host: SeededHost, method: MethodName, timeoutMs = 15000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (host.dc.calls.of(method).length === 0) {
    if (Date.now() > until) throw new Error(`${method} was never called`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("stopping with a hung upload", () => {
  it("should cancel the command, say so in its message, and stop within shutdownTimeoutSeconds", async () => {
    const host = await startSeededHost({ plugins: ["contact-avatar"], local: () => ({ shutdownTimeoutSeconds: SHUTDOWN_S }) });
    const { world, dc, running } = host;
    try {
      dc.faults.add({ method: "upload.SaveFilePart", times: Infinity, action: { noAnswer: true } });
      const before = world.photoState(world.ids.alice).personal;
      const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".setpfp", replyTo: world.ids.aliceChat.photoMessage });
      await seen(host, "upload.SaveFilePart");
      const started = Date.now();
      await running.host.stop();
      expect(Date.now() - started).toBeLessThan(SHUTDOWN_S * 1000);
      expect(world.message(sent.id)?.text).toBe("⏹ Stopped: the userbot is shutting down.");
      expect(world.photoState(world.ids.alice).personal).toBe(before);
    } finally {
      dc.faults.clear();
      await host.stop();
    }
  }, 30000);
});

describe("reloading contact-avatar with work in flight", () => {
  let host: SeededHost;
  let folder: string;
  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "reload-rotation-"));
    await sharp({ create: { width: 300, height: 300, channels: 3, background: "#3366cc" } })
      .jpeg()
      .toFile(path.join(folder, "1.jpg"));
    host = await startSeededHost({ plugins: ["contact-avatar"], local: () => ({ shutdownTimeoutSeconds: RELOAD_GRACE_S }) });
  });
  afterAll(async () => {
    await host?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });
  afterEach(() => host.dc.faults.clear());

  async function command(text: string, replyTo?: number) {
    const sent = host.world.ownerSends({ userId: host.world.ids.alice }, { text, replyTo });
    return { sent, done: host.running.handled(sent.id, 20000).then(() => host.world.message(sent.id)?.text) };
  }

  it("should let a .setpfp in mid-download finish before the old generation is torn down", async () => {
    host.dc.faults.add({ method: "upload.GetFile", action: { delayMs: 800 } });
    const setpfp = await command(".setpfp", host.world.ids.aliceChat.photoMessage);
    await seen(host, "upload.GetFile");
    const reload = await command(".reload contact-avatar");
    const [setText, reloadText] = await Promise.all([setpfp.done, reload.done]);
    expect(setText).toMatch(/^Personal photo set for Alice Liddell/);
    expect(reloadText).toMatch(/^✅ contact-avatar reloaded/);
  }, 40000);

  it("should cancel a .rotation next waiting out a long flood wait with a clear line, and reload", async () => {
    expect(await (await command(`.rotation add @alice hourly --folder=${folder}`)).done).toMatch(/Alice/);
    host.dc.faults.add({ method: "photos.UploadContactProfilePhoto", times: Infinity, action: { rpcError: [420, "FLOOD_WAIT_3600"] } });
    const next = await command(".rotation next @alice");
    await seen(host, "photos.UploadContactProfilePhoto");
    const reload = await command(".reload contact-avatar");
    await reload.done;
    expect(await next.done).toBe("⏹ Stopped: contact-avatar is being reloaded; run the command again.");
    expect(await reload.done).toMatch(/^✅ contact-avatar reloaded/);
    expect(host.running.logs.some((l) => l.includes("used before setup"))).toBe(false);
  }, 40000);
});
