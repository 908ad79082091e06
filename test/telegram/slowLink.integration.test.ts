/**
 * The whole userbot on a slow simulated link: a .setpfp of a JPEG sent as a
 * file shows its download progress in the command's message, then succeeds.
 */
import sharp from "sharp";
import { Api } from "telegram";
import { LinkProxy } from "../../local-telegram/link/linkProxy";
import { parseLinkSpec } from "../../local-telegram/link/linkSpec";
import { startHost, type RunningHost } from "../../local-telegram/runningHost";
import { TestDc } from "../../local-telegram/server";
import { World, type SeededWorld } from "../../local-telegram/world";

describe(".setpfp on a slow link", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let link: LinkProxy;
  let running: RunningHost | undefined;

  beforeAll(async () => {
    world = await World.seeded();
    dc = await TestDc.start({ world, logLevel: "silent" });
    // About 3 s for the file below: longer than the 2 s between progress edits.
    link = await LinkProxy.start({ host: dc.host, port: dc.port }, parseLinkSpec("20ms,8mbit"));
    running = await startHost({ dc, address: { host: link.host, port: link.port }, plugins: ["contact-avatar"] });
  });

  afterAll(async () => {
    await running?.stop();
    await link.stop();
    await dc.stop();
  });

  it("should edit the command's message with the download's progress before the answer", async () => {
    const raw = Buffer.alloc(1800 * 1400 * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (i * 2654435761) >>> 24;
    const jpeg = await sharp(raw, { raw: { width: 1800, height: 1400, channels: 3 } })
      .jpeg({ quality: 97 })
      .toBuffer();
    expect(jpeg.length).toBeGreaterThan(2.4 * 1024 * 1024);
    const doc = world.media.addDocument({
      mimeType: "image/jpeg",
      bytes: jpeg,
      attributes: [new Api.DocumentAttributeFilename({ fileName: "big.jpg" }), new Api.DocumentAttributeImageSize({ w: 1800, h: 1400 })],
    });
    const photo = world.userSends(world.ids.alice, { media: { kind: "document", documentId: doc.id } });
    const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".setpfp", replyTo: photo.id });
    await running!.handled(sent.id, 30_000);

    const edits = dc.calls
      .of("messages.EditMessage")
      .filter((c) => c.params.id === sent.id)
      .map((c) => String(c.params.message));
    const progress = edits
      .map((text) => /Downloading the .*… (\d+)%/.exec(text)?.[1])
      .filter((p): p is string => p !== undefined)
      .map(Number);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    // Rising percentages (the last may read 100% when the final part lands as the 2 s throttle opens).
    expect(progress.every((p, i) => p > 0 && p <= 100 && (i === 0 || p >= progress[i - 1]))).toBe(true);
    expect(edits[edits.length - 1]).toMatch(/^Personal photo set for Alice/);
    // In 1 MB parts (the server may gzip them on the wire, as Telegram does, so wire bytes are no measure).
    expect(dc.calls.of("upload.GetFile").map((c) => c.params.limit)).toEqual([1024 * 1024, 1024 * 1024, 1024 * 1024]);
  });
});
