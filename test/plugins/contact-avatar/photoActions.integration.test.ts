/**
 * The photo actions of issue 11 end to end, on the plugin test harness: the
 * real host, plugin and GramJS client against the local server (which keeps
 * Telegram's access-hash rule, lists Alice's three own photos and holds
 * suggestions as service messages). Withdrawing suggestions, a contact's own
 * earlier photo, `.pfpundo` (commands, resets, rotations) and the `.pfpinfo` album.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { testHost, type SentMessage, type TestHost } from "contact-userbot/sdk/testing";
import contactAvatar from "../../../plugins/contact-avatar";
import type { SeededWorld } from "../../../local-telegram/world";
import { colourOf, COLOURS, writeImage } from "../../../fixtures/rotationManager";

const WHEN = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC";

describe("contact-avatar photo actions against the local Telegram server", () => {
  let bot: TestHost;
  let world: SeededWorld;
  let folder: string;
  const photos: Partial<Record<keyof typeof COLOURS, SentMessage>> = {};

  beforeAll(async () => {
    bot = await testHost({ plugins: [contactAvatar], settings: { "contact-avatar": { rotationSpacingSeconds: 0 } } });
    world = bot.world;
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "photo-actions-"));
    await writeImage(folder, "magenta.jpg", "magenta");
    for (const colour of ["red", "green", "blue"] as const) {
      const [r, g, b] = COLOURS[colour];
      const bytes = await sharp({ create: { width: 700, height: 700, channels: 3, background: { r, g, b } } })
        .jpeg()
        .toBuffer();
      photos[colour] = await bot.sendAs("alice", { photo: bytes });
    }
  });
  afterAll(async () => {
    await bot?.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  /** In the chat with Alice, replying to one of her coloured photos when asked. */
  async function command(text: string, colour?: keyof typeof COLOURS) {
    return bot.command(text, { ...(colour ? { replyTo: photos[colour] } : {}), timeoutMs: 30000 });
  }
  const text = async (line: string, colour?: keyof typeof COLOURS) => (await command(line, colour)).text;
  /** The colour of the personal photo the owner sees for the user, as the server received it. */
  async function personalColour(userId: bigint): Promise<string | undefined> {
    const personal = world.photoState(userId).personal;
    return personal?.source?.file ? colourOf(personal.source.file.bytes) : personal ? "(not uploaded)" : undefined;
  }
  const journal = () =>
    JSON.parse(fs.readFileSync(path.join(bot.dataDir("contact-avatar"), "undo", "journal.json"), "utf8")) as { entries: { userId: string }[] };
  const entriesOf = (userId: bigint) => journal().entries.filter((e) => e.userId === userId.toString()).length;

  describe(".pfpundo", () => {
    it("should go back one step per undo after two changes, then say there is nothing left", async () => {
      const bob = world.ids.bob;
      world.setPersonalPhoto(world.ownerId, bob, undefined);
      expect(await text(".setpfp Bob", "red")).toMatch(/^Personal photo set for Bob \(/);
      expect(await text(".setpfp Bob", "green")).toMatch(/^Personal photo set for Bob \(/);
      expect(await personalColour(bob)).toBe("green");
      expect(entriesOf(bob)).toBe(2);

      expect(await text(".pfpundo Bob")).toMatch(
        new RegExp(`^Put back the personal photo Bob had before the change of ${WHEN}\\. 1 more change can be undone\\.$`),
      );
      expect(await personalColour(bob)).toBe("red");
      // The undo popped its entry and pushed none: a second undo goes further back instead of redoing.
      expect(entriesOf(bob)).toBe(1);
      expect(await text(".pfpundo Bob")).toMatch(new RegExp(`^Removed the personal photo of Bob: there was none before the change of ${WHEN}\\.$`));
      expect(world.photoState(bob).personal).toBeUndefined();
      const calls = world.contactPhotoCalls.length;
      expect(await text(".pfpundo Bob")).toBe("Nothing to undo for Bob: no change the userbot made to their personal photo is remembered.");
      expect(world.contactPhotoCalls.length).toBe(calls);
    });

    it("should put back a photo that .resetpfp removed", async () => {
      const bob = world.ids.bob;
      await text(".setpfp Bob", "blue");
      expect(await text(".resetpfp Bob")).toBe("Personal photo removed for Bob: you see their own photo again.");
      expect(await text(".pfpundo Bob")).toMatch(/^Put back the personal photo Bob had before the change of .*\. 1 more change can be undone\.$/);
      expect(await personalColour(bob)).toBe("blue");
    });

    it("should undo what a rotation changed", async () => {
      const bob = world.ids.bob;
      await text(".setpfp Bob", "green");
      expect(await text(`.rotation add Bob daily 09:00 --folder=${folder}`)).toMatch(/^Rotation for Bob created/);
      expect(await text(".rotation next Bob")).toBe("Rotation for Bob: now showing magenta.jpg.");
      expect(await personalColour(bob)).toBe("magenta");
      expect(await text(".pfpundo Bob")).toMatch(/^Put back the personal photo Bob had before the change of /);
      expect(await personalColour(bob)).toBe("green");
      await text(".rotation remove Bob");
    });

    it("should record nothing for suggestions, which leave the personal photo alone", async () => {
      const dora = world.addUser({ firstName: "Dora", phone: "14155550190", contact: true });
      await text(".suggestpfp Dora", "red");
      expect(await text(".pfpundo Dora")).toBe("Nothing to undo for Dora: no change the userbot made to their personal photo is remembered.");
      expect(entriesOf(dora.id)).toBe(0);
    });

    it("should save nothing, and download nothing first, with undoDepth 0", async () => {
      await text(".setpfp Bob", "red");
      const count = (calls: { method: string }[], method: string) => calls.filter((c) => c.method === method).length;
      const withUndo = (await command(".setpfp Bob", "blue")).calls;
      expect(await text(".config contact-avatar undoDepth 0")).toMatch(/^contact-avatar\.undoDepth = 0/);
      try {
        const without = (await command(".setpfp Bob", "green")).calls;
        // The journal's look-up and download of the photo it replaces are gone; the rest of the change
        // (including the unclear-outcome check's own look-up, issue 10) is the same.
        expect(count(without, "users.GetFullUser")).toBe(count(withUndo, "users.GetFullUser") - 1);
        expect(count(without, "upload.GetFile")).toBe(count(withUndo, "upload.GetFile") - 1);
        expect(entriesOf(world.ids.bob)).toBe(0);
        expect(await text(".pfpundo Bob")).toMatch(/^Nothing to undo for Bob/);
      } finally {
        await text(".config contact-avatar undoDepth 5");
      }
    });

    it("should report several targets each on its own line", async () => {
      world.addUser({ firstName: "Erin", phone: "14155550191", contact: true });
      await text(".setpfp Erin", "red");
      const lines = (await text(".pfpundo Erin Nobody")).split("\n");
      expect(lines[0]).toMatch(/^✅ Removed the personal photo of Erin: there was none before the change of /);
      expect(lines[1]).toMatch(/^⛔ Nobody: No contact is called "Nobody"/);
    });
  });

  describe(".setpfp --theirs", () => {
    it("should make the contact's photo before the current one their personal photo", async () => {
      const answer = await text(".setpfp @alice --theirs=2");
      expect(answer).toMatch(
        new RegExp(`^Personal photo set for Alice Liddell \\(their photo 2 of 3, from ${WHEN}; 800×800, \\d+ KB, [\\d.]+ m?s\\)\\. Only you see it\\.$`),
      );
      // Alice's own photos, newest first: pink (current), yellow, blue.
      expect(await personalColour(world.ids.alice)).toBe("yellow");
      expect(await text(".setpfp @alice --theirs")).toMatch(/their photo 2 of 3/);
      expect(await text(".setpfp @alice --theirs=1")).toMatch(/^Personal photo set for Alice Liddell \(their current photo, from /);
    });

    it("should say so when they have fewer photos, and refuse what makes no sense", async () => {
      const calls = world.contactPhotoCalls.length;
      expect(await text(".setpfp @alice --theirs=4")).toBe(
        "Alice Liddell has only 3 photos of their own; --theirs=4 asks for number 4 (1 is the current one).",
      );
      expect(await text(".setpfp Bob --theirs")).toBe("Bob has no profile photo of their own.");
      expect(await text(".setpfp @alice --theirs=0")).toMatch(/^--theirs must be a whole number from 1 \(their current photo\) to 100, not "0"/);
      expect(await text(".suggestpfp @alice --theirs")).toMatch(/^--theirs is for \.setpfp/);
      expect(await text(".setpfp @alice --theirs --still")).toMatch(/^Unknown option --still/);
      expect(world.contactPhotoCalls.length).toBe(calls);
    });
  });

  describe(".suggestpfp --withdraw", () => {
    it("should delete the two suggestions sent, for both sides, and say how many", async () => {
      const alice = world.ids.alice;
      const before = world.photoState(alice).suggested.length;
      await text(".suggestpfp @alice", "red");
      await text(".suggestpfp @alice", "green");
      expect(world.photoState(alice).suggested.length).toBe(before + 2);
      // Alice sends one of her own afterwards: a suggestion from her is not the owner's to withdraw.
      await bot.sendAs("alice", { text: "thanks!" });

      expect(await text(".suggestpfp --withdraw @alice")).toBe(`Withdrew ${before + 2} suggestions to Alice Liddell.`);
      expect(world.photoState(alice).suggested).toEqual([]);
      expect(world.photoState(world.ownerId, alice).suggested).toEqual([]);
      expect(world.history({ userId: alice }).some((m) => m.text === "thanks!")).toBe(true);
      expect(await text(".suggestpfp --withdraw @alice")).toBe("Alice Liddell has no suggestion from you to withdraw.");
    });

    it("should take several targets, one line each, and refuse an image with it", async () => {
      await text(".suggestpfp Bob", "blue");
      // 250 newer messages: the suggestion is on the third page of the history.
      for (let i = 0; i < 250; i++) world.addMessage(world.ids.bob, { userId: world.ownerId }, { text: `chat ${i}` });
      const lines = (await text(".suggestpfp --withdraw Bob @alice")).split("\n");
      expect(lines).toEqual(["✅ Withdrew 1 suggestion to Bob.", "✅ Alice Liddell has no suggestion from you to withdraw."]);
      expect(await text(".suggestpfp --withdraw @alice 🐱")).toMatch(/^--withdraw takes only targets, no image link or emoji\.\nUsage: /);
      expect(await text(".setpfp --withdraw @alice")).toMatch(/^--withdraw is for \.suggestpfp/);
    });
  });

  describe(".pfpinfo", () => {
    it("should answer with one captioned album of the photos that exist, then the facts", async () => {
      const alice = world.ids.alice;
      await text(".setpfp @alice", "red");
      await world.setFallbackPhoto(
        alice,
        await sharp({ create: { width: 640, height: 640, channels: 3, background: "#1ec81e" } })
          .jpeg()
          .toBuffer(),
      );
      const answer = await command(".pfpinfo @alice");
      expect(answer.text).toContain("Their own photos in all: 3 (.setpfp --theirs=N sets one as your personal photo: 1 is the current one, 2 the one before)");
      expect(answer.text).toContain("You see the personal photo.");
      const album = answer.sent.filter((m) => m.media?.kind === "photo");
      expect(album).toHaveLength(3);
      expect(album[0].groupedId).toBeDefined();
      expect(new Set(album.map((m) => m.groupedId)).size).toBe(1);
      expect(album.map((m) => m.text.replace(/, from .*$/, ""))).toEqual([
        "Alice Liddell: personal photo (only you see it)",
        "Alice Liddell: their own photo",
        "Alice Liddell: public fallback photo",
      ]);
      expect(album.every((m) => new RegExp(`, from ${WHEN}$`).test(m.text))).toBe(true);
      // The pictures are the photos themselves: the personal one is the red photo set above.
      const first = album[0].media?.kind === "photo" ? world.media.photos.get(album[0].media.photoId) : undefined;
      expect(first?.source?.file ? await colourOf(first.source.file.bytes) : "no bytes").toBe("red");
    });

    it("should send no album when there is no photo at all", async () => {
      const answer = await command(".pfpinfo Dora");
      expect(answer.text).toContain("Their own photos in all: none");
      expect(answer.text).toContain("You see no photo.");
      expect(answer.sent.filter((m) => m.media)).toEqual([]);
    });
  });
});
