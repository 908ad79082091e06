/**
 * contact-avatar's commands end to end: the real host and GramJS client
 * against the local Telegram server, which checks flags, uploads and JPEGs
 * the way Telegram does and keeps the bytes it received.
 */
import http from "node:http";
import { isCallOf } from "../../../local-telegram/protocol/callLog";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { TestDc } from "../../../local-telegram/server";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { startHost, startSeededHost, type RunningHost, type SeededHost } from "../../../local-telegram/runningHost";
import { SVG_AS_AVIF } from "./fixtures/hostileImages";
import { makePngWithAlpha } from "../../../fixtures/images";

type Chat = { userId: bigint } | { chatId: bigint };

describe("contact-avatar commands against the local Telegram server", () => {
  let dc: TestDc;
  let world: SeededWorld;
  let running: RunningHost;

  let seeded: SeededHost;

  beforeAll(async () => {
    seeded = await startSeededHost({ plugins: ["contact-avatar"], local: (w) => ({ sudoUsers: [Number(w.ids.bob)] }) });
    ({ world, dc, running } = seeded);
  });
  afterAll(() => seeded?.stop());
  afterEach(() => dc.faults.clear());

  const aliceChat = (): Chat => ({ userId: world.ids.alice });

  async function command(text: string, opts: { chat?: Chat; replyTo?: number } = {}): Promise<string | undefined> {
    const sent = world.ownerSends(opts.chat ?? aliceChat(), { text, replyTo: opts.replyTo });
    await running.handled(sent.id, 20000);
    return world.message(sent.id)?.text;
  }
  const photoCalls = () => dc.calls.of("photos.UploadContactProfilePhoto");
  /** The bytes of each file uploaded since call index `since`, by file id, as the server received them. */
  const uploadsSince = (since: number): Buffer[] => {
    const files = new Map<string, Buffer[]>();
    for (const call of dc.calls.all.slice(since)) {
      if (!isCallOf(call, "upload.SaveFilePart")) continue;
      const id = String(call.params.fileId);
      files.set(id, [...(files.get(id) ?? []), call.params.bytes]);
    }
    return [...files.values()].map((parts) => Buffer.concat(parts));
  };
  const lastCall = () => world.contactPhotoCalls.at(-1)!;

  async function expectAvatarJpeg(bytes: Buffer, size: number) {
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe("jpeg");
    expect([meta.width, meta.height]).toEqual([size, size]);
    expect(meta.exif).toBeUndefined();
    expect(meta.channels).toBe(3);
  }

  it("should set a personal photo from a replied photo with save and file only", async () => {
    const answer = await command(".setpfp", { replyTo: world.ids.aliceChat.photoMessage });
    expect(answer).toMatch(/^Personal photo set for Alice Liddell \(800×800, \d+ KB, [\d.]+ m?s\)\. Only you see it\.$/);
    const params = photoCalls().at(-1)!.params;
    expect(params.save).toBe(true);
    expect(params.suggest).toBeFalsy();
    expect(params.file).toBeDefined();
    // GramJS decodes absent flag fields as null.
    expect(params.video ?? undefined).toBeUndefined();
    expect(params.videoEmojiMarkup ?? undefined).toBeUndefined();
    expect(params.videoStartTs ?? undefined).toBeUndefined();
    const personal = world.photoState(world.ids.alice).personal;
    expect(personal?.source?.file?.name).toBe("avatar.jpg");
    await expectAvatarJpeg(personal!.source!.file!.bytes, 800);
  });

  it("should show the stages while it works, then one line of result", async () => {
    const sent = world.ownerSends(aliceChat(), { text: ".setpfp", replyTo: world.ids.aliceChat.photoMessage });
    await running.handled(sent.id, 20000);
    const edits = dc.calls
      .of("messages.EditMessage")
      .filter((c) => c.params.id === sent.id)
      .map((c) => c.params.message);
    expect(edits[0]).toBe("Downloading the photo…");
    expect(edits.at(-1)).toMatch(/^Personal photo set for Alice Liddell/);
  });

  it("should say what the owner sees in .pfpinfo", async () => {
    const info = await command(".pfpinfo @alice");
    expect(info).toContain("Alice Liddell (@alice, id");
    // Telegram keeps profile photos in sizes up to 640 px, as the server does.
    expect(info).toMatch(/Personal photo \(only you see it\): 640×640, \d+ KB, from \d{4}-\d\d-\d\d/);
    expect(info).toMatch(/Their own photo: 640×640/);
    expect(info).toContain("Public fallback photo: none");
    expect(info).toContain("You see the personal photo.");
  });

  it("should reset the personal photo with save and no media", async () => {
    const answer = await command(".resetpfp @alice");
    expect(answer).toBe("Personal photo removed for Alice Liddell: you see their own photo again.");
    const params = photoCalls().at(-1)!.params;
    expect(params.save).toBe(true);
    expect(params.file ?? undefined).toBeUndefined();
    expect(world.photoState(world.ids.alice).personal).toBeUndefined();
    expect(await command(".pfpinfo @alice")).toContain("Personal photo (only you see it): none");
  });

  it("should suggest a photo with suggest and file, leaving a suggestion message in the chat", async () => {
    const before = world.photoState(world.ids.alice).suggested.length;
    const answer = await command(".suggestpfp @alice --size=1024", { replyTo: world.ids.aliceChat.pngDocumentMessage });
    expect(answer).toMatch(/^Photo suggested to Alice Liddell: a suggestion message was sent in your chat with them \(1024×1024/);
    const params = photoCalls().at(-1)!.params;
    expect(params.suggest).toBe(true);
    expect(params.save).toBeFalsy();
    const suggested = world.photoState(world.ids.alice).suggested;
    expect(suggested.length).toBe(before + 1);
    await expectAvatarJpeg(suggested.at(-1)!.photo.source!.file!.bytes, 1024);
    expect(world.history(aliceChat()).some((m) => m.action !== undefined)).toBe(true);
  });

  it("should give several targets the same prepared image and report each", async () => {
    const since = dc.calls.length;
    const answer = await command(".setpfp @alice t.me/carol", { replyTo: world.ids.aliceChat.jpegDocumentMessage });
    const lines = answer!.split("\n");
    expect(lines[0]).toMatch(/^✅ Personal photo set for Alice Liddell/);
    expect(lines[1]).toMatch(/^⛔ Carol: Carol is not in your contacts\. Add them to your contacts first, or use \.suggestpfp/);
    const [alice, carol] = world.contactPhotoCalls.slice(-2);
    expect(carol.error).toBe("CONTACT_MISSING");
    expect(alice.error).toBeUndefined();
    const [first, second] = uploadsSince(since);
    expect(second.equals(first)).toBe(true);
    await expectAvatarJpeg(first, 800);
  });

  it("should use a static sticker as an image with --as-photo, for a numeric id the client knows", async () => {
    const answer = await command(`.setpfp ${world.ids.alice} --as-photo --crop=fit --bg=black`, { replyTo: world.ids.aliceChat.staticStickerMessage });
    expect(answer).toMatch(/^Personal photo set for Alice Liddell \(800×800/);
    await expectAvatarJpeg(lastCall().file!.bytes, 800);
  });

  it("should take an image link instead of a reply", async () => {
    const png = await makePngWithAlpha({ width: 900, height: 700 });
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "image/png", "content-length": png.length });
      res.end(png);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cat.png`;
      expect(await command(`.setpfp @alice ${url}`)).toMatch(/^Personal photo set for Alice Liddell \(800×800/);
    } finally {
      server.close();
    }
  });

  it("should refuse an SVG dressed up as AVIF from a link, and set nothing (issue 10, failure 4)", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "image/avif", "content-length": SVG_AS_AVIF.length });
      res.end(SVG_AS_AVIF);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const calls = photoCalls().length;
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cat.avif`;
      expect(await command(`.setpfp @alice ${url}`)).toMatch(/^SVG drawings are not supported/);
      expect(photoCalls().length).toBe(calls);
    } finally {
      server.close();
    }
  });

  it("should send a preview into the chat instead of applying it", async () => {
    const calls = photoCalls().length;
    const answer = await command(".setpfp --preview --crop=smart", { replyTo: world.ids.aliceChat.photoMessage });
    expect(answer).toMatch(/^Preview sent \(800×800, \d+ KB, prepared in/);
    expect(photoCalls().length).toBe(calls);
    const media = dc.calls.of("messages.SendMedia").at(-1);
    expect(media?.params.media.className).toBe("InputMediaUploadedPhoto");
  });

  describe("refusals and usage errors", () => {
    it.each([
      [".setpfp @owner", "That is you: Telegram does not let you set or suggest a photo for yourself."],
      [".setpfp @helper_bot", "Helper is a bot: Telegram does not offer personal photos for bots."],
      [".setpfp @nobody_here_x", "No Telegram user is called @nobody_here_x."],
      [".setpfp ftp://example.com/a.jpg", /^Only http and https links are accepted, not ftp/],
      [".setpfp @alice --crop=round", /^Unknown crop "round": use center, smart or fit/],
      [".setpfp @alice --wat", /^Unknown option --wat\./],
    ])("%s → a clear line", async (text, expected) => {
      const calls = photoCalls().length;
      const answer = await command(text, { replyTo: world.ids.aliceChat.photoMessage });
      expect(answer).toEqual(typeof expected === "string" ? expected : expect.stringMatching(expected));
      expect(photoCalls().length).toBe(calls);
    });

    it("should refuse a deleted account", async () => {
      const answer = await command(`.setpfp`, { chat: { userId: world.ids.deletedUser }, replyTo: undefined });
      expect(answer).toMatch(/account is deleted/);
    });

    it("should ask for a target in Saved Messages and in a group", async () => {
      const saved = await command(".setpfp", { chat: { userId: world.ownerId } });
      expect(saved).toMatch(/^Name the contact \(e\.g\. Bob, @alice or \+1 202 555 0143\)/);
      const group = await command(".setpfp", { chat: { chatId: world.ids.friends } });
      expect(group).toMatch(/^Name the contact/);
      expect(group).toContain("Usage: .setpfp");
    });

    it("should ask for a reply when there is none, and refuse a text message", async () => {
      expect(await command(".setpfp @alice")).toMatch(/^Reply to a photo, video, sticker or custom emoji, or give an image link or an emoji\./);
      expect(await command(".setpfp @alice", { replyTo: world.ids.aliceChat.greeting })).toBe(
        "The replied message has no photo, video, sticker or custom emoji.",
      );
    });
  });

  describe("Telegram's answers in plain language", () => {
    it.each([
      ["PHOTO_CROP_SIZE_SMALL", "Telegram says the photo is too small (it needs at least 160×160)."],
      ["IMAGE_PROCESS_FAILED", "Telegram could not process the image."],
      ["PHOTO_EXT_INVALID", "Telegram refused the file type of the image."],
      ["USER_ID_INVALID", "Telegram does not accept Alice Liddell as a target (unknown user, or not a person)."],
    ])("%s", async (error, expected) => {
      dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { rpcError: [400, error] } });
      expect(await command(".setpfp @alice", { replyTo: world.ids.aliceChat.photoMessage })).toBe(expected);
    });

    it("should re-upload once when Telegram lost a part, and give up after the second time", async () => {
      const since = dc.calls.length;
      dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { rpcError: [400, "FILE_PART_0_MISSING"] } });
      expect(await command(".setpfp @alice", { replyTo: world.ids.aliceChat.photoMessage })).toMatch(/^Personal photo set/);
      const [once, again] = uploadsSince(since);
      expect(uploadsSince(since)).toHaveLength(2);
      expect(again.equals(once)).toBe(true);

      dc.faults.add({ method: "photos.UploadContactProfilePhoto", times: 2, action: { rpcError: [400, "FILE_PARTS_INVALID"] } });
      expect(await command(".setpfp @alice", { replyTo: world.ids.aliceChat.photoMessage })).toBe("The upload failed twice (FILE_PARTS_INVALID); try again.");
    });
  });

  it("should ignore a stranger's .setpfp", async () => {
    const calls = dc.calls.length;
    const sent = world.userSends(world.ids.carol, { text: ".setpfp" });
    await running.handled(sent.id);
    const methods = dc.calls.all.slice(calls).map((c) => c.method);
    expect(methods).not.toContain("photos.UploadContactProfilePhoto");
    expect(methods).not.toContain("messages.SendMessage");
  });

  it("should not let a sudo user set photos (owner only)", async () => {
    const calls = photoCalls().length;
    const sent = world.userSends(world.ids.bob, { text: ".setpfp @alice" });
    await running.handled(sent.id);
    expect(photoCalls().length).toBe(calls);
  });

  it("should run two commands for one target one after the other", async () => {
    dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { delayMs: 400 } });
    const first = world.ownerSends(aliceChat(), { text: ".setpfp", replyTo: world.ids.aliceChat.photoMessage });
    const second = world.ownerSends(aliceChat(), { text: ".setpfp --size=640", replyTo: world.ids.aliceChat.photoMessage });
    await Promise.all([running.handled(first.id, 20000), running.handled(second.id, 20000)]);
    const [callA, callB] = photoCalls().slice(-2);
    // The first call is answered 400 ms after it arrives; the second upload may only begin after that.
    const secondUploadStart = dc.calls.all.find((c) => c.index > callA.index && c.method === "upload.SaveFilePart");
    expect(secondUploadStart).toBeDefined();
    expect(secondUploadStart!.at.getTime() - callA.at.getTime()).toBeGreaterThanOrEqual(380);
    expect(callB.index).toBeGreaterThan(secondUploadStart!.index);
    expect(world.message(first.id)?.text).toMatch(/^Personal photo set .*800×800/);
    expect(world.message(second.id)?.text).toMatch(/^Personal photo set .*640×640/);
  });

  it("should explain every option in .help contact-avatar and .help setpfp", async () => {
    const plugin = await command(".help contact-avatar");
    expect(plugin).toContain(".setpfp");
    expect(plugin).toContain(".suggestpfp");
    expect(plugin).toContain(".resetpfp");
    expect(plugin).toContain(".pfpinfo");
    const one = await command(".help setpfp");
    expect(one).toContain("--crop=center|smart|fit");
    expect(one).toContain("Examples:");
  });
  // Last in this host's life: the request pipeline remembers the wait, and
  // sends no photos.uploadContactProfilePhoto for the next hour.
  it("should show a flood wait as a duration", async () => {
    dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { rpcError: [420, "FLOOD_WAIT_3725"] } });
    expect(await command(".setpfp @alice", { replyTo: world.ids.aliceChat.photoMessage })).toBe("Telegram asks to wait 1 h 2 min before doing this again.");
    const calls = photoCalls().length;
    expect(await command(".setpfp @alice", { replyTo: world.ids.aliceChat.photoMessage })).toMatch(/^Telegram asks to wait 1 h 2 min/);
    expect(photoCalls().length).toBe(calls);
  });
});

describe("contact-avatar when Telegram does not answer", () => {
  it("should say so after the request time limit instead of hanging", async () => {
    const world = await World.seeded();
    const dc = await TestDc.start({ world, logLevel: "silent" });
    const running = await startHost({ dc, plugins: ["contact-avatar"], telegram: { requestTimeoutSeconds: 1 } });
    try {
      dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { noAnswer: true } });
      const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".setpfp", replyTo: world.ids.aliceChat.photoMessage });
      await running.handled(sent.id, 20000);
      // The contact-photo call's outcome is unclear: what Telegram holds is checked (service/unclearOutcome.ts).
      expect(world.message(sent.id)?.text).toBe(
        "Telegram did not answer in time, and the personal photo is not to be seen on Telegram: nothing changed so far. Try again.",
      );
    } finally {
      await running.stop();
      await dc.stop();
    }
  });
});
