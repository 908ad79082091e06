/**
 * Video, sticker and emoji avatars end to end: the real host and GramJS
 * client against the local Telegram server, which checks the avatar video
 * (square MP4, at most 10 s and 2 MB) and the markup (sticker in its set,
 * custom emoji document, 1 to 4 colours) the way Telegram does.
 */
import fs from "node:fs";
import fsPromises from "node:fs/promises";
import path from "node:path";
import bigInt from "big-integer";
import { Api } from "telegram";
import { FFMPEG_MISSING_MESSAGE } from "../../../plugins/contact-avatar/video";
import type { TestDc } from "../../../local-telegram/server";
import type { SeededWorld } from "../../../local-telegram/world";
import { readMp4Facts } from "../../../local-telegram/world/mp4";
import { startSeededHost, type RunningHost, type SeededHost } from "../../../local-telegram/runningHost";
import { ffmpegRunsHere } from "./video/fixtures";

const realMkdtemp = fsPromises.mkdtemp;

const hasFfmpeg = ffmpegRunsHere();
const itWithFfmpeg = hasFfmpeg ? it : it.skip;
const DEFAULT_COLOURS = [0x6ec6ff, 0x2481cc];

describe("contact-avatar video, sticker and emoji avatars against the local Telegram server", () => {
  let dc: TestDc;
  let world: SeededWorld;
  let running: RunningHost;

  let seeded: SeededHost;

  beforeAll(async () => {
    seeded = await startSeededHost({ plugins: ["contact-avatar"] });
    ({ world, dc, running } = seeded);
  });
  afterAll(() => seeded?.stop());
  afterEach(() => dc.faults.clear());

  const aliceChat = { userId: 0n };
  beforeAll(() => {
    aliceChat.userId = world.ids.alice;
  });

  async function command(text: string, opts: { replyTo?: number; entities?: Api.TypeMessageEntity[] } = {}): Promise<string | undefined> {
    const sent = world.ownerSends(aliceChat, { text, replyTo: opts.replyTo, entities: opts.entities });
    await running.handled(sent.id, 60000);
    return world.message(sent.id)?.text;
  }
  const photoCalls = () => dc.calls.of("photos.UploadContactProfilePhoto");
  const lastParams = () => photoCalls().at(-1)!.params;
  /** GramJS decodes absent flag fields as null. */
  const absent = (value: unknown) => value === null || value === undefined;
  /** Usage errors end with the command's usage line; the message is the first line. */
  const firstLine = (text: string | undefined) => text?.split("\n")[0];

  /** A custom emoji ⭐ entity at the end of `text`. */
  const customEmojiCommand = (text: string, documentId: bigint) => {
    const full = `${text} ⭐`;
    return { text: full, entities: [new Api.MessageEntityCustomEmoji({ offset: full.length - 1, length: 1, documentId: bigInt(documentId) })] };
  };

  describe("videos", () => {
    itWithFfmpeg("should set a replied video as an animated avatar: save, video and video_start_ts only", async () => {
      const answer = await command(".setpfp", { replyTo: world.ids.aliceChat.videoMessage });
      expect(answer).toMatch(/^Personal photo set for Alice Liddell \(animated 2 s, 800×800, \d+(\.\d+)? KB, [\d.]+ m?s\)\. Only you see it\.$/);
      const params = lastParams();
      expect(params.save).toBe(true);
      expect(params.suggest).toBeFalsy();
      expect(params.video).toBeDefined();
      expect(params.videoStartTs).toBe(0);
      expect(absent(params.file)).toBe(true);
      expect(absent(params.videoEmojiMarkup)).toBe(true);
      const video = world.photoState(world.ids.alice).personal?.source?.video;
      expect(video?.name).toBe("avatar.mp4");
      const facts = readMp4Facts(video!.bytes);
      expect([facts.width, facts.height]).toEqual([800, 800]);
      expect(facts.durationSeconds).toBeLessThanOrEqual(2.05);
      expect(video!.bytes.length).toBeLessThanOrEqual(2 * 1024 * 1024);
    });

    itWithFfmpeg("should stream the video through a private temp folder and leave nothing behind", async () => {
      // The folders this command made, not a listing of /tmp: other test runs on the machine make and remove such folders too.
      const made: string[] = [];
      const mkdtemp = jest.spyOn(fsPromises, "mkdtemp").mockImplementation(async (prefix, options) => {
        const dir = await realMkdtemp(prefix, options as never);
        if (path.basename(String(prefix)).startsWith("contact-avatar-video-")) made.push(dir);
        return dir;
      });
      try {
        expect(await command(".setpfp --size=320", { replyTo: world.ids.aliceChat.videoMessage })).toMatch(/^Personal photo set/);
      } finally {
        mkdtemp.mockRestore();
      }
      expect(made.length).toBeGreaterThan(0);
      expect(made.filter((dir) => fs.existsSync(dir))).toEqual([]);
    });

    itWithFfmpeg("should suggest a GIF at the size and preview frame asked for, with suggest only", async () => {
      const answer = await command(".suggestpfp @alice --size=480 --frame=0.5", { replyTo: world.ids.aliceChat.gifMessage });
      expect(answer).toMatch(/^Photo suggested to Alice Liddell: a suggestion message was sent in your chat with them \(animated 1 s, 480×480/);
      const params = lastParams();
      expect(params.suggest).toBe(true);
      expect(params.save).toBeFalsy();
      expect(params.videoStartTs).toBe(0.5);
      expect(absent(params.file)).toBe(true);
      expect(absent(params.videoEmojiMarkup)).toBe(true);
      const suggested = world.photoState(world.ids.alice).suggested.at(-1)!.photo.source!.video!;
      expect(readMp4Facts(suggested.bytes).width).toBe(480);
    });

    itWithFfmpeg("should show the download first and end with one line", async () => {
      const sent = world.ownerSends(aliceChat, { text: ".setpfp", replyTo: world.ids.aliceChat.videoMessage });
      await running.handled(sent.id, 60000);
      const edits = dc.calls
        .of("messages.EditMessage")
        .filter((c) => c.params.id === sent.id)
        .map((c) => c.params.message as string);
      expect(edits[0]).toBe("Downloading the video…");
      expect(edits.at(-1)).toMatch(/^Personal photo set for Alice Liddell \(animated/);
    });

    itWithFfmpeg("should use one frame as a JPEG photo with --still", async () => {
      const answer = await command(".setpfp --still --frame=1 --size=640", { replyTo: world.ids.aliceChat.videoMessage });
      expect(answer).toMatch(/^Personal photo set for Alice Liddell \(640×640, \d+ KB/);
      const params = lastParams();
      expect(params.file).toBeDefined();
      expect(absent(params.video)).toBe(true);
      expect(absent(params.videoStartTs)).toBe(true);
      expect(world.photoState(world.ids.alice).personal?.source?.file?.name).toBe("avatar.jpg");
    });

    itWithFfmpeg("should upload the same prepared video to every target and report each", async () => {
      const answer = await command(".setpfp @alice t.me/carol", { replyTo: world.ids.aliceChat.gifMessage });
      const lines = answer!.split("\n");
      expect(lines[0]).toMatch(/^✅ Personal photo set for Alice Liddell \(animated/);
      expect(lines[1]).toMatch(/^⛔ Carol: Carol is not in your contacts/);
      const [alice, carol] = world.contactPhotoCalls.slice(-2);
      expect(alice.error).toBeUndefined();
      expect(carol.error).toBe("CONTACT_MISSING");
    });

    itWithFfmpeg("should send a video preview instead of applying it", async () => {
      const calls = photoCalls().length;
      const sends = dc.calls.of("messages.SendMedia").length;
      const answer = await command(".setpfp --preview --size=320", { replyTo: world.ids.aliceChat.gifMessage });
      expect(answer).toMatch(/^Preview sent \(animated 1 s, 320×320, [\d.]+ KB, prepared in/);
      expect(photoCalls().length).toBe(calls);
      const sent = dc.calls.of("messages.SendMedia").slice(sends);
      expect(sent).toHaveLength(1);
      expect(sent[0].params.media.className).toBe("InputMediaUploadedDocument");
      // A real video in the chat (issue 11: it arrived as "[video 1×1 0 s]"): its size and length, streamable.
      const media = sent[0].params.media as Api.InputMediaUploadedDocument;
      const video = media.attributes.find((a): a is Api.DocumentAttributeVideo => a instanceof Api.DocumentAttributeVideo);
      expect(video && { w: video.w, h: video.h, duration: video.duration, streaming: video.supportsStreaming }).toEqual({
        w: 320,
        h: 320,
        duration: 1,
        streaming: true,
      });
      expect(media.mimeType).toBe("video/mp4");
    });

    itWithFfmpeg("should check the video's size against the limit before downloading it", async () => {
      expect(await command(".config contact-avatar videoMaxInputMB 0.001")).toMatch(/^contact-avatar\.videoMaxInputMB = 0\.001/);
      try {
        const since = dc.calls.length;
        expect(await command(".setpfp", { replyTo: world.ids.aliceChat.videoMessage })).toMatch(/^The file is [\d.]+ KB, more than the 1 KB limit$/);
        expect(dc.calls.all.slice(since).map((c) => c.method)).not.toContain("upload.GetFile");
      } finally {
        await command(".config contact-avatar videoMaxInputMB 50");
      }
    });

    itWithFfmpeg("should explain Telegram's VIDEO_FILE_INVALID", async () => {
      dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { rpcError: [400, "VIDEO_FILE_INVALID"] } });
      expect(await command(".setpfp", { replyTo: world.ids.aliceChat.gifMessage })).toBe(
        "Telegram refused the video (it must be a square MP4 of at most 10 s and 2 MB).",
      );
    });

    itWithFfmpeg("should refuse a start beyond the end of the video (ffprobe tells its length)", async () => {
      const calls = photoCalls().length;
      expect(await command(".setpfp --start=5", { replyTo: world.ids.aliceChat.videoMessage })).toMatch(/^--start=5 is beyond the end of the 2 s video/);
      expect(photoCalls().length).toBe(calls);
    });

    it.each([
      [".setpfp --crop=smart", /^Unknown crop "smart" for a video: use center or fit/],
      [".setpfp --size=161", /^--size must be an even whole number from 160 to 1280 for a video, not "161"/],
      [".setpfp --frame=11", /^--frame must be between 0 and 10 s, not 11/],
      [".setpfp --duration=abc", /^--duration must be a number of seconds, 0 or more, not "abc"/],
      [".setpfp --as-photo", /^--as-photo is for static stickers; for one frame of a video use --still/],
      [".setpfp --quality=90", /^--quality does not apply to an animated avatar/],
    ])("%s on a video → a clear line and no call, before any download", async (text, expected) => {
      const calls = photoCalls().length;
      expect(await command(text, { replyTo: world.ids.aliceChat.videoMessage })).toMatch(expected);
      expect(photoCalls().length).toBe(calls);
    });
  });

  describe("stickers", () => {
    it("should send a static sticker as sticker markup from its set, on the default gradient, with nothing else", async () => {
      // With a personal photo in place, .pfpundo's journal would download it first: start from none.
      world.setPersonalPhoto(world.ownerId, world.ids.alice, undefined);
      const since = dc.calls.length;
      const answer = await command(".setpfp", { replyTo: world.ids.aliceChat.staticStickerMessage });
      expect(answer).toBe("Personal photo set for Alice Liddell (sticker on a gradient). Only you see it.");
      const params = lastParams();
      expect(params.save).toBe(true);
      const markup = params.videoEmojiMarkup as Api.VideoSizeStickerMarkup;
      expect(markup.className).toBe("VideoSizeStickerMarkup");
      expect(String(markup.stickerId)).toBe(String(world.ids.documents.staticSticker));
      const set = markup.stickerset as Api.InputStickerSetID;
      expect([String(set.id), String(set.accessHash)]).toEqual([String(world.ids.stickerSet.id), String(world.ids.stickerSet.accessHash)]);
      expect(markup.backgroundColors).toEqual(DEFAULT_COLOURS);
      expect(absent(params.file)).toBe(true);
      expect(absent(params.video)).toBe(true);
      expect(absent(params.videoStartTs)).toBe(true);
      // Telegram draws the sticker: nothing was downloaded or uploaded.
      const methods = dc.calls.all.slice(since).map((c) => c.method);
      expect(methods).not.toContain("upload.GetFile");
      expect(methods).not.toContain("upload.SaveFilePart");
      expect(world.photoState(world.ids.alice).personal?.source?.emojiMarkup).toBeDefined();
    });

    it("should send an animated sticker with its preview frame on one colour", async () => {
      const answer = await command(".suggestpfp --frame=0.5 --bg=red", { replyTo: world.ids.aliceChat.animatedStickerMessage });
      expect(answer).toBe("Photo suggested to Alice Liddell: a suggestion message was sent in your chat with them (animated sticker on #ff0000).");
      const params = lastParams();
      expect(params.suggest).toBe(true);
      expect(params.save).toBeFalsy();
      expect(String((params.videoEmojiMarkup as Api.VideoSizeStickerMarkup).stickerId)).toBe(String(world.ids.documents.animatedSticker));
      expect((params.videoEmojiMarkup as Api.VideoSizeEmojiMarkup).backgroundColors).toEqual([0xff0000]);
      expect(params.videoStartTs).toBe(0.5);
    });

    it("should send a video sticker on a four-colour freeform gradient", async () => {
      const answer = await command(".setpfp --bg=#000,white,00ff00,navy", { replyTo: world.ids.aliceChat.videoStickerMessage });
      expect(answer).toBe("Personal photo set for Alice Liddell (video sticker on a freeform gradient). Only you see it.");
      expect(String((lastParams().videoEmojiMarkup as Api.VideoSizeStickerMarkup).stickerId)).toBe(String(world.ids.documents.videoSticker));
      expect((lastParams().videoEmojiMarkup as Api.VideoSizeEmojiMarkup).backgroundColors).toEqual([0x000000, 0xffffff, 0x00ff00, 0x000080]);
    });

    it("should use the configured default background, and refuse a bad one in the setting", async () => {
      expect(await command(".config contact-avatar markupBackground #ff0000,#00ff00,#0000ff")).toMatch(/^contact-avatar\.markupBackground = /);
      try {
        expect(await command(".setpfp", { replyTo: world.ids.aliceChat.staticStickerMessage })).toBe(
          "Personal photo set for Alice Liddell (sticker on a freeform gradient). Only you see it.",
        );
        expect((lastParams().videoEmojiMarkup as Api.VideoSizeEmojiMarkup).backgroundColors).toEqual([0xff0000, 0x00ff00, 0x0000ff]);
        expect(await command(".config contact-avatar markupBackground red,nocolour")).toMatch(/must be 1 to 4 colours separated by commas/);
      } finally {
        await command(".config contact-avatar markupBackground #6ec6ff,#2481cc");
      }
    });

    it("should explain Telegram's STICKERSET_INVALID", async () => {
      dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { rpcError: [400, "STICKERSET_INVALID"] } });
      expect(await command(".setpfp", { replyTo: world.ids.aliceChat.staticStickerMessage })).toBe("Telegram does not know that sticker set.");
    });

    it.each([
      [".setpfp --bg=red,green,blue,white,black", /^5 colours in "red,green,blue,white,black": give at most 4/],
      [".setpfp --bg=red,nocolour", /^Unknown colour "nocolour"/],
      [".setpfp --bg=red,,blue", /^Empty colour in "red,,blue"/],
      [".setpfp --frame=1", /^--frame is for animated stickers; this one is static/],
      [".setpfp --crop=fit", /^--crop does not apply to a sticker: Telegram draws it on the --bg colours/],
      [".setpfp --preview", /^--preview works for photos and videos; Telegram draws sticker and emoji avatars itself\./],
      [".setpfp --as-photo=yes", /^--as-photo is a switch and takes no value, not "yes"/],
    ])("%s on a static sticker → a clear line and no call", async (text, expected) => {
      const calls = photoCalls().length;
      expect(await command(text, { replyTo: world.ids.aliceChat.staticStickerMessage })).toMatch(expected);
      expect(photoCalls().length).toBe(calls);
    });

    it("should refuse --as-photo for an animated sticker", async () => {
      const answer = await command(".setpfp --as-photo", { replyTo: world.ids.aliceChat.animatedStickerMessage });
      expect(firstLine(answer)).toBe("--as-photo works with static stickers only, not an animated sticker");
    });

    it("should refuse a colour list for a photo", async () => {
      expect(await command(".setpfp --bg=red,blue", { replyTo: world.ids.aliceChat.photoMessage })).toMatch(
        /^--bg takes one colour for photos; colour lists are for sticker and emoji avatars/,
      );
    });
  });

  describe("emoji", () => {
    it("should send a custom emoji from the replied message as emoji markup", async () => {
      const answer = await command(".setpfp --bg=#112233", { replyTo: world.ids.aliceChat.customEmojiMessage });
      expect(answer).toBe("Personal photo set for Alice Liddell (custom emoji on #112233). Only you see it.");
      const params = lastParams();
      expect(params.videoEmojiMarkup?.className).toBe("VideoSizeEmojiMarkup");
      expect(String((params.videoEmojiMarkup as Api.VideoSizeEmojiMarkup).emojiId)).toBe(String(world.ids.documents.customEmoji));
      expect((params.videoEmojiMarkup as Api.VideoSizeEmojiMarkup).backgroundColors).toEqual([0x112233]);
      expect(absent(params.file)).toBe(true);
      expect(absent(params.video)).toBe(true);
      expect(absent(params.videoStartTs)).toBe(true);
    });

    it("should take a custom emoji typed in the command, with no reply", async () => {
      const { text, entities } = customEmojiCommand(".suggestpfp @alice", world.ids.documents.animatedCustomEmoji);
      const answer = await command(text, { entities });
      expect(answer).toBe("Photo suggested to Alice Liddell: a suggestion message was sent in your chat with them (custom emoji on a gradient).");
      expect(lastParams().suggest).toBe(true);
      expect(String((lastParams().videoEmojiMarkup as Api.VideoSizeEmojiMarkup).emojiId)).toBe(String(world.ids.documents.animatedCustomEmoji));
      expect((lastParams().videoEmojiMarkup as Api.VideoSizeEmojiMarkup).backgroundColors).toEqual(DEFAULT_COLOURS);
    });

    it("should pass on Telegram's EMOJI_MARKUP_INVALID for an emoji id that is no custom emoji", async () => {
      // A real refusal: the entity names a sticker document, which the server will not take as a custom emoji.
      const { text, entities } = customEmojiCommand(".setpfp", world.ids.documents.staticSticker);
      expect(await command(text, { entities })).toBe("Telegram refused that sticker or emoji as an avatar.");
      expect(photoCalls().at(-1)!.error).toContain("EMOJI_MARKUP_INVALID");
    });

    it("should turn a plain emoji into Telegram's animated version of it", async () => {
      const since = dc.calls.length;
      const answer = await command(".setpfp @alice 🐱 --bg=navy,teal,orange");
      expect(answer).toBe("Personal photo set for Alice Liddell (🐱 on a freeform gradient). Only you see it.");
      const lookup = dc.calls.of("messages.GetStickerSet").find((c) => c.index >= since);
      expect(lookup?.params.stickerset.className).toBe("InputStickerSetAnimatedEmoji");
      const markup = lastParams().videoEmojiMarkup as Api.VideoSizeStickerMarkup;
      expect(String(markup.stickerId)).toBe(String(world.ids.documents.animatedEmojiCat));
      expect(String((markup.stickerset as Api.InputStickerSetID).id)).toBe(String(world.ids.animatedEmojiSet.id));
      expect(markup.backgroundColors).toEqual([0x000080, 0x008080, 0xffa500]);
    });

    it("should say so when Telegram has no animated version of an emoji", async () => {
      const calls = photoCalls().length;
      // The local server's set holds the common emoji (local-telegram/world/emojiSet), not this rare one.
      expect(await command(".setpfp 🪬")).toBe("Telegram has no animated sticker for 🪬; try another emoji or reply to a sticker.");
      expect(photoCalls().length).toBe(calls);
    });

    it("should refuse two sources at once", async () => {
      expect(firstLine(await command(".setpfp 🐱 🐶"))).toBe("Give one emoji at a time.");
      expect(firstLine(await command(".setpfp 🐱 https://example.com/cat.jpg"))).toBe("Give one source: an image link or an emoji, not both.");
    });
  });

  it("should show in .plugins whether video avatars can be made", async () => {
    const plugins = await pluginsOnceChecked(() => command(".plugins"));
    expect(plugins).toMatch(hasFfmpeg ? /Video avatars: ffmpeg \S+/ : new RegExp(FFMPEG_MISSING_MESSAGE.replace(/[().`]/g, "\\$&")));
  });

  it("should explain the new options in .help setpfp", async () => {
    const help = await command(".help setpfp");
    for (const text of ["--still", "--as-photo", "--frame=<s>", "--start=<s>", "--bg=<colour>[,<colour>...]", "🐱", "--size=<160..1280>"]) {
      expect(help).toContain(text);
    }
  });
});

/** `.plugins`, asked again while the plugin's look-up for ffmpeg (started at load) has not answered yet. */
async function pluginsOnceChecked(ask: () => Promise<string | undefined>): Promise<string | undefined> {
  for (let attempt = 1; ; attempt++) {
    const answer = await ask();
    if (!answer?.includes("still checking for ffmpeg") || attempt === 20) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("contact-avatar without ffmpeg", () => {
  let dc: TestDc;
  let world: SeededWorld;
  let running: RunningHost;
  let seeded: SeededHost;
  const saved = { FFMPEG_PATH: process.env.FFMPEG_PATH, FFPROBE_PATH: process.env.FFPROBE_PATH };

  beforeAll(async () => {
    // The plugin looks for ffmpeg through FFMPEG_PATH first: a path that does not exist is a machine without it.
    process.env.FFMPEG_PATH = "/nonexistent/ffmpeg";
    process.env.FFPROBE_PATH = "/nonexistent/ffprobe";
    seeded = await startSeededHost({ plugins: ["contact-avatar"] });
    ({ world, dc, running } = seeded);
  });
  afterAll(async () => {
    await seeded?.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  async function command(text: string, replyTo?: number): Promise<string | undefined> {
    const sent = world.ownerSends({ userId: world.ids.alice }, { text, replyTo });
    await running.handled(sent.id, 20000);
    return world.message(sent.id)?.text;
  }

  it("should load, say what is missing in .plugins, and answer video commands with how to install it", async () => {
    expect(await pluginsOnceChecked(() => command(".plugins"))).toContain(FFMPEG_MISSING_MESSAGE);
    const since = dc.calls.length;
    expect(await command(".setpfp", world.ids.aliceChat.videoMessage)).toBe(FFMPEG_MISSING_MESSAGE);
    expect(await command(".setpfp --still", world.ids.aliceChat.videoMessage)).toBe(FFMPEG_MISSING_MESSAGE);
    // Refused before the download: nothing fetched, nothing sent.
    const methods = dc.calls.all.slice(since).map((c) => c.method);
    expect(methods).not.toContain("upload.GetFile");
    expect(methods).not.toContain("photos.UploadContactProfilePhoto");
  });

  it("should still make photo and sticker avatars", async () => {
    expect(await command(".setpfp", world.ids.aliceChat.photoMessage)).toMatch(/^Personal photo set for Alice Liddell \(800×800/);
    expect(await command(".setpfp", world.ids.aliceChat.staticStickerMessage)).toBe(
      "Personal photo set for Alice Liddell (sticker on a gradient). Only you see it.",
    );
  });
});
