/**
 * `.pfpimport` end to end: the real host and GramJS against the local
 * Telegram server, whose world gains contacts whose phones and names match a
 * generated vCard (cards of each version, matched by phone and by name,
 * ambiguous, unmatched, a non-contact, bad photos), and the local CardDAV server.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Api } from "telegram";
import type { TestDc } from "../../../../local-telegram/server";
import type { SeededWorld } from "../../../../local-telegram/world";
import type { UserRecord } from "../../../../local-telegram/world/users";
import { startSeededHost, type RunningHost, type SeededHost } from "../../../../local-telegram/runningHost";
import { makeJpeg, makePngClaimingSize } from "../../../../fixtures/images";
import { startLocalCardDav, type LocalCardDav } from "./carddavServer";
import { vcard } from "../../../../fixtures/vcards";

describe(".pfpimport against the local Telegram server", () => {
  let seeded: SeededHost;
  let world: SeededWorld;
  let dc: TestDc;
  let running: RunningHost;
  let dir: string;
  let people: Record<"jorg" | "priya" | "li" | "sam1" | "sam2" | "dora" | "nina", UserRecord>;
  let photos: Buffer[];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pfpimport-e2e-"));
    seeded = await startSeededHost({ plugins: ["contact-avatar"], local: () => ({ pluginConfig: { "contact-avatar": { rotationSpacingSeconds: 0 } } }) });
    ({ world, dc, running } = seeded);
    people = {
      jorg: world.addUser({ firstName: "Jörg", lastName: "Müller", phone: "4915123456789", contact: true }),
      priya: world.addUser({ firstName: "Priya", lastName: "Natarajan", phone: "447700900461", contact: true }),
      li: world.addUser({ firstName: "Li", lastName: "Wei", phone: "12025550143", contact: true }),
      sam1: world.addUser({ firstName: "Sam", lastName: "Jones", phone: "447700900501", contact: true }),
      sam2: world.addUser({ firstName: "Sam", lastName: "Jones", phone: "447700900502", contact: true }),
      dora: world.addUser({ firstName: "Dora", lastName: "Bad", phone: "33612345678", contact: true }),
      // Not a contact: a card with her number must not reach her.
      nina: world.addUser({ firstName: "Nina", lastName: "Stranger", phone: "447700900777" }),
    };
    photos = await Promise.all([0, 1, 2, 3].map((i) => makeJpeg({ width: 700 + i * 10, height: 700 })));
  });

  afterAll(async () => {
    await seeded?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  function testVCard(jorgPhoto = photos[0]): string {
    return [
      vcard({ version: "2.1", name: "Jörg Müller", quotedPrintable: true, phones: ["+49 151 23456789"], photo: { bytes: jorgPhoto } }),
      vcard({ version: "4.0", name: "Priya Natarajan", photo: { bytes: photos[1] } }),
      vcard({ version: "3.0", name: "Li Wei (work)", phones: ["+1 202-555-0143", "+1 202 555 0100"], photo: { bytes: photos[2] }, uid: "li-1" }),
      vcard({ version: "3.0", name: "Sam Jones", photo: { bytes: photos[3] } }),
      vcard({ version: "3.0", name: "Zed Nobody", phones: ["+44 7700 900999"], photo: { bytes: photos[3] } }),
      vcard({ version: "4.0", name: "Nina Stranger Card", phones: ["+44 7700 900777"], photo: { bytes: photos[3] } }),
      vcard({ version: "3.0", name: "Dora Bad", phones: ["+33 6 12 34 56 78"], photo: { bytes: Buffer.from("%PDF-1.4 not a photo") } }),
      vcard({ version: "3.0", name: "Dora Big", phones: ["+33 6 12 34 56 78"], photo: { bytes: Buffer.alloc(0) } }).replace(/PHOTO.*\r\n/, ""),
      vcard({ version: "3.0", name: "Switch Board", phones: Array.from({ length: 40 }, (_, i) => `+44 20 7946 ${String(i).padStart(4, "0")}`) }),
    ].join("");
  }

  async function command(text: string, opts: { replyTo?: number; chat?: { userId: bigint } } = {}): Promise<string | undefined> {
    const sent = world.ownerSends(opts.chat ?? { userId: world.owner.id }, { text, replyTo: opts.replyTo });
    await running.handled(sent.id, 60_000);
    return world.message(sent.id)?.text;
  }

  const photoCalls = () => dc.calls.of("photos.UploadContactProfilePhoto").length;

  const DRY_RUN = [
    "Address book: 9 cards, 7 with a photo",
    "Matched by phone: 3, by name: 1, ambiguous: 1, no Telegram contact: 2",
    "Would change (3):",
    "  Jörg Müller ← card 1 (Jörg Müller), by phone",
    "  Priya Natarajan ← card 2 (Priya Natarajan), by name",
    "  Li Wei ← card 3 (Li Wei (work)), by phone",
    "Ambiguous, not applied (1):",
    "  card 4 (Sam Jones): several contacts have this name (Sam Jones, Sam Jones)",
    "No Telegram contact (2): card 5 (Zed Nobody), card 6 (Nina Stranger Card)",
    "Cannot be used (2):",
    "  card 9 (Switch Board) has 40 phone numbers (at most 20): skipped",
    "  card 7 (Dora Bad): this is a PDF, not an image",
    "Dry run: nothing was changed. Add --apply to do it.",
  ].join("\n");

  it("should answer a dry run with the summary and what would change, changing nothing", async () => {
    const file = path.join(dir, "contacts.vcf");
    await writeFile(file, testVCard());
    const before = photoCalls();
    expect(await command(`.pfpimport ${file}`)).toBe(DRY_RUN);
    expect(photoCalls()).toBe(before);
  });

  it("should read a vCard file sent to Saved Messages and replied to", async () => {
    const document = world.media.addDocument({
      mimeType: "text/vcard",
      bytes: Buffer.from(testVCard()),
      attributes: [new Api.DocumentAttributeFilename({ fileName: "contacts.vcf" })],
    });
    const sent = world.ownerSends({ userId: world.owner.id }, { media: { kind: "document", documentId: document.id } });
    expect(await command(".pfpimport", { replyTo: sent.id })).toBe(DRY_RUN);
  });

  it("should read local-format numbers on cards in the owner's region", async () => {
    // The owner's number is American, so "(202) 555-0143" is Li's +1 202 555 0143.
    const file = path.join(dir, "local.vcf");
    await writeFile(file, vcard({ version: "3.0", name: "Office Line", phones: ["(202) 555-0143"], photo: { bytes: photos[0] } }));
    expect(await command(`.pfpimport ${file}`)).toContain("  Li Wei ← card 1 (Office Line), by phone");
  });

  it("should apply through the queue, then change only what changed, and keep a photo set by hand since", async () => {
    const file = path.join(dir, "contacts.vcf");
    await writeFile(file, testVCard());
    const before = photoCalls();
    const answer = await command(`.pfpimport ${file} --apply`);
    expect(answer).toContain("Changing (3):");
    expect(answer?.split("\n").at(-1)).toBe("Imported 3 of 3 photos.");
    expect(photoCalls()).toBe(before + 3);
    for (const who of [people.jorg, people.priya, people.li]) expect(world.photoState(who.id).personal).toBeDefined();
    for (const who of [people.sam1, people.sam2, people.dora, people.nina]) expect(world.photoState(who.id).personal).toBeUndefined();

    // Nothing changed in the address book: nothing to do.
    const again = await command(`.pfpimport ${file} --apply`);
    expect(again).toContain("Nothing to change.");
    expect(again).toContain("  Jörg Müller: unchanged since the last import");
    expect(photoCalls()).toBe(before + 3);

    // Jörg's card gets a new photo, but the owner set Li a photo by hand meanwhile (from another app).
    world.account(world.owner.id).personalPhotos.set(people.li.id, world.ids.photos.aliceProfile);
    await writeFile(file, testVCard(photos[2]));
    const third = await command(`.pfpimport ${file} --apply`);
    expect(third).toContain("  Jörg Müller ← card 1 (Jörg Müller), by phone");
    expect(third).toContain("  Li Wei: you set a different personal photo since the last import (--force replaces it)");
    expect(third?.split("\n").at(-1)).toBe("Imported 1 of 1 photo.");
    expect(world.photoState(people.li.id).personal?.id).toBe(world.ids.photos.aliceProfile);

    const forced = await command(`.pfpimport ${file} --apply --force`);
    expect(forced).toContain("  Li Wei ← card 3 (Li Wei (work)), by phone");
    expect(world.photoState(people.li.id).personal?.id).not.toBe(world.ids.photos.aliceProfile);
  });

  it("should undo with .pfpundo what an import replaced, one import at a time", async () => {
    // The forced import above replaced the photo the owner had set Li by hand.
    const byHand = world.media.photos.get(world.ids.photos.aliceProfile)!;
    const largest = (p: typeof byHand) => p.sizes.reduce((a, b) => (b.width > a.width ? b : a)).bytes;
    expect(await command(".pfpundo Li Wei")).toMatch(/^Put back the personal photo Li Wei had before the change of .* UTC\. 1 more change can be undone\.$/);
    expect(world.photoState(people.li.id).personal?.source?.file?.bytes.equals(largest(byHand))).toBe(true);
    // One step further: before the first import Li had none.
    expect(await command(".pfpundo Li Wei")).toMatch(/^Removed the personal photo of Li Wei: there was none before the change of /);
    expect(world.photoState(people.li.id).personal).toBeUndefined();
  });

  it("should skip contacts with a personal photo with --only-missing", async () => {
    const file = path.join(dir, "only-missing.vcf");
    await writeFile(file, vcard({ version: "3.0", name: "Jörg Müller", phones: ["+4915123456789"], photo: { bytes: photos[3] } }));
    const answer = await command(`.pfpimport ${file} --only-missing`);
    expect(answer).toContain("  Jörg Müller: already has a personal photo (--only-missing)");
    expect(answer).toContain("Nothing to change.");
  });

  it("should refuse what is not a vCard, and a file over the limit, in one line", async () => {
    const notVcard = path.join(dir, "photo.vcf");
    await writeFile(notVcard, photos[0]);
    expect(await command(`.pfpimport ${notVcard}`)).toBe("This is not a vCard file (no BEGIN:VCARD)");
    const big = path.join(dir, "big.vcf");
    await writeFile(big, Buffer.alloc(50 * 1024 * 1024, 0x41));
    expect(await command(`.pfpimport ${big}`)).toBe("The address book is 50.0 MB, more than the 40.0 MB limit (setting importMaxMB); nothing was changed");
    await rm(big);
  });

  describe("from CardDAV", () => {
    let dav: LocalCardDav;
    const saved = { ...process.env };

    beforeAll(async () => {
      dav = await startLocalCardDav({
        "priya.vcf": vcard({ version: "4.0", name: "Priya Natarajan", phones: ["+44 7700 900461"], photo: { bytes: photos[3] } }),
        "huge.vcf": vcard({
          version: "3.0",
          name: "Huge Canvas",
          phones: ["+33 6 12 34 56 78"],
          photo: { bytes: await makePngClaimingSize({ width: 20000, height: 20000 }), type: "PNG" },
        }),
      });
      Object.assign(process.env, { CARDDAV_URL: dav.url, CARDDAV_USERNAME: dav.username, CARDDAV_PASSWORD: dav.password });
    });

    afterAll(async () => {
      process.env = saved;
      await dav.close();
    });

    it("should read the address book from .env's CardDAV server", async () => {
      const answer = await command(".pfpimport --carddav");
      expect(answer).toContain("Address book: 2 cards, 2 with a photo");
      expect(answer).toContain("  Priya Natarajan ← card 1 (Priya Natarajan), by phone");
      expect(answer).toContain("  card 2 (Huge Canvas): the image is 20000×20000 pixels, more than the 100-megapixel limit");
    });

    it("should say what went wrong on 401, 500 and a server that hangs, changing nothing", async () => {
      const before = photoCalls();
      process.env.CARDDAV_PASSWORD = "wrong";
      expect(await command(".pfpimport --carddav --apply")).toBe(
        "The CardDAV server refused the login (401 Unauthorized): check CARDDAV_USERNAME and CARDDAV_PASSWORD in .env",
      );
      process.env.CARDDAV_PASSWORD = dav.password;
      dav.mode = "fail";
      expect(await command(".pfpimport --carddav --apply")).toBe("The CardDAV server failed (500 Internal Server Error); nothing was changed, try again later");
      dav.mode = "hang";
      await command(".config contact-avatar cardDavTimeoutSeconds 1");
      expect(await command(".pfpimport --carddav --apply")).toBe("The CardDAV server did not answer within 1 s");
      dav.mode = "ok";
      expect(photoCalls()).toBe(before);
    });
  });
});
