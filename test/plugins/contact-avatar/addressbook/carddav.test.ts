import { cardDavAccountFromEnv, cardDavStream, fetchCardDavCards, type CardDavAccount } from "../../../../plugins/contact-avatar/addressbook/carddav";
import { AddressBookError } from "../../../../plugins/contact-avatar/addressbook/errors";
import { scanAddressBook, type ScanItem } from "../../../../plugins/contact-avatar/addressbook/scan";
import { startLocalCardDav, type LocalCardDav } from "./carddavServer";
import { vcard } from "../../../../fixtures/vcards";

const JPEG = Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex");

/** Every card the generator yields. */
async function all(cards: AsyncIterable<string>): Promise<string[]> {
  const texts: string[] = [];
  for await (const text of cards) texts.push(text);
  return texts;
}

describe("CardDAV address book", () => {
  let dav: LocalCardDav;
  let account: CardDavAccount;

  beforeEach(async () => {
    dav = await startLocalCardDav({
      "ann.vcf": vcard({ version: "3.0", name: "Ann Lee", phones: ["+1 202 555 0143"], photo: { bytes: JPEG } }),
      "bob.vcf": vcard({ version: "4.0", name: "Bob Smith", phones: ["+44 7700 900123"] }),
    });
    account = { url: dav.url, username: dav.username, password: dav.password };
  });

  afterEach(() => dav.close());

  it("should read every card with tsdav, and the cards should scan like a file's", async () => {
    const items: ScanItem[] = [];
    for await (const item of scanAddressBook(cardDavStream(fetchCardDavCards(account, { timeoutMs: 5000 })))) items.push(item);
    expect(items.map((i) => (i.kind === "card" ? [i.card.name, i.card.phones, i.card.photo?.kind] : i.problem))).toEqual([
      ["Ann Lee", ["+1 202 555 0143"], "embedded"],
      ["Bob Smith", ["+44-7700-900123"], undefined],
    ]);
    expect((items[0] as { card: { photo: { bytes: Buffer } } }).card.photo.bytes).toEqual(JPEG);
    expect(dav.requests).toEqual(["REPORT query", "REPORT multiget"]);
  });

  it("should say the login was refused on 401, naming the .env keys but not their values", async () => {
    const err = await all(fetchCardDavCards({ ...account, password: "wrong-password" }, { timeoutMs: 5000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AddressBookError);
    expect((err as Error).message).toBe("The CardDAV server refused the login (401 Unauthorized): check CARDDAV_USERNAME and CARDDAV_PASSWORD in .env");
    expect((err as Error).message).not.toContain("wrong-password");
    expect((err as Error).message).not.toContain("127.0.0.1");
  });

  it("should say the server failed on 500", async () => {
    dav.mode = "fail";
    await expect(all(fetchCardDavCards(account, { timeoutMs: 5000 }))).rejects.toThrow(
      "The CardDAV server failed (500 Internal Server Error); nothing was changed, try again later",
    );
  });

  it("should give up on a server that hangs, within the time limit", async () => {
    dav.mode = "hang";
    await expect(all(fetchCardDavCards(account, { timeoutMs: 300 }))).rejects.toThrow("The CardDAV server did not answer within 300 ms");
  });

  it("should say a server that cannot be reached cannot be reached", async () => {
    const url = dav.url;
    await dav.close();
    await expect(all(fetchCardDavCards({ ...account, url }, { timeoutMs: 2000 }))).rejects.toThrow(/^The CardDAV server cannot be reached \(ECONNREFUSED\)$/);
    dav = await startLocalCardDav();
  });

  it("should fetch a large book a batch at a time, every card once, in the server's order", async () => {
    await dav.close();
    const cards = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [
        `p${String(i).padStart(2, "0")}.vcf`,
        vcard({ version: "3.0", name: `Person ${i}`, phones: [`+1 202 555 ${String(1000 + i)}`] }),
      ]),
    );
    dav = await startLocalCardDav(cards);
    account = { url: dav.url, username: dav.username, password: dav.password };
    const texts = await all(fetchCardDavCards(account, { timeoutMs: 5000, batch: 25 }));
    expect(texts.map((t) => /FN:(.*)/.exec(t)?.[1]?.trim())).toEqual(Array.from({ length: 60 }, (_, i) => `Person ${i}`));
    // One list, then the cards in three multigets of at most 25: never the whole book in one answer.
    expect(dav.requests).toEqual(["REPORT query", "REPORT multiget", "REPORT multiget", "REPORT multiget"]);
  });

  it("should take the account from the environment only", () => {
    expect(cardDavAccountFromEnv({})).toBeUndefined();
    expect(cardDavAccountFromEnv({ CARDDAV_URL: "https://dav.example/c/", CARDDAV_USERNAME: "me", CARDDAV_PASSWORD: "pw" })).toEqual({
      url: "https://dav.example/c/",
      username: "me",
      password: "pw",
    });
    expect(() => cardDavAccountFromEnv({ CARDDAV_URL: "ftp://x" })).toThrow("CARDDAV_URL in .env is not an http(s) URL");
  });
});
