/**
 * Reaching contacts the way a new user names them, end to end, on the plugin
 * test harness (contact-userbot/sdk/testing): the real host and GramJS
 * client, from a fresh session that has seen no dialogs, against the local
 * server's contact list, contacts.resolvePhone and usernames.
 */
import { testHost, type SentMessage, type TestHost } from "contact-userbot/sdk/testing";
import contactAvatar from "../../../plugins/contact-avatar";
import type { SeededWorld } from "../../../local-telegram/world";

describe("contact-avatar targets against the local Telegram server", () => {
  let bot: TestHost;
  let world: SeededWorld;
  /** A photo in Saved Messages to reply to, forwarded there by the owner: no chat gives a default target or an access hash. */
  let savedPhoto: SentMessage;

  beforeAll(async () => {
    bot = await testHost({ plugins: [contactAvatar] });
    world = bot.world;
    const stored = world.addMessage(world.ownerId, { userId: world.ownerId }, { media: { kind: "photo", photoId: world.ids.photos.alicePhotoMessage } });
    savedPhoto = { id: stored.id, chat: { userId: world.ownerId }, stored };
  });
  afterAll(() => bot?.stop());

  /** Typed in the owner's Saved Messages. */
  async function command(text: string): Promise<string> {
    return (await bot.command(text, { chat: world.ownerId, timeoutMs: 30000 })).text;
  }
  async function setFor(target: string): Promise<string> {
    return (await bot.command(`.setpfp ${target}`, { replyTo: savedPhoto, timeoutMs: 30000 })).text;
  }
  const bobPersonal = () => world.photoState(world.ids.bob).personal?.id;

  it.each([["Bob"], ["bob"], ['"BOB"'], ["+1 415 555 0143"], ["+1-415-555-0143"], ["(415)555-0143"], ["4155550143"]])(
    "should reach Bob, who has no username, as %s",
    async (word) => {
      world.setPersonalPhoto(world.ownerId, world.ids.bob, undefined);
      const answer = await setFor(word);
      expect(answer).toMatch(/^Personal photo set for Bob \(800×800, \d+ KB, [\d.]+ m?s\)\. Only you see it\.$/);
      expect(bobPersonal()).toBeDefined();
    },
  );

  it("should reach Bob by his numeric id", async () => {
    world.setPersonalPhoto(world.ownerId, world.ids.bob, undefined);
    expect(await setFor(String(world.ids.bob))).toMatch(/^Personal photo set for Bob \(/);
    expect(bobPersonal()).toBeDefined();
  });

  it("should take https://t.me/ links as targets, not as image links", async () => {
    expect(await setFor("https://t.me/alice")).toMatch(/^Personal photo set for Alice Liddell \(/);
  });

  it("should find a contact by first, last or both names, without case or accents", async () => {
    world.addUser({ firstName: "Zoë", lastName: "Müller", phone: "14155550177", contact: true });
    expect(await setFor("zoe")).toMatch(/^Personal photo set for Zoë Müller \(/);
    expect(await setFor("MULLER")).toMatch(/^Personal photo set for Zoë Müller \(/);
    expect(await setFor("zoe muller")).toMatch(/^Personal photo set for Zoë Müller \(/);
    expect(await setFor('"Zoë Müller"')).toMatch(/^Personal photo set for Zoë Müller \(/);
  });

  it("should refuse a name that fits several contacts, with the candidates", async () => {
    world.addUser({ firstName: "Anna", lastName: "Smith", phone: "14155550181", contact: true });
    world.addUser({ firstName: "Anna", lastName: "Jones", username: "annaj", phone: "14155550182", contact: true });
    const calls = world.contactPhotoCalls.length;
    expect(await setFor("anna")).toBe(
      '"anna" fits 2 contacts: Anna Smith (…0181); Anna Jones (@annaj, …0182). Use the whole name in quotes, the @username or the phone number.',
    );
    expect(world.contactPhotoCalls.length).toBe(calls);
  });

  it("should offer the closest names for a misspelt one", async () => {
    expect(await setFor("Bbo")).toBe(
      'No contact is called "Bbo". Did you mean Bob (…0143)? A target is a contact\'s name, @username, t.me link, phone number or user id.',
    );
    expect(await setFor("Xavier")).toBe('No contact is called "Xavier". A target is a contact\'s name, @username, t.me link, phone number or user id.');
  });

  it("should report several targets each on its own line, one bad one stopping nothing", async () => {
    world.setPersonalPhoto(world.ownerId, world.ids.bob, undefined);
    const answer = await setFor("Bob Nobody @alice +1 415 555 0103");
    const lines = answer.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^✅ Personal photo set for Bob \(/);
    expect(lines[1]).toBe('⛔ Nobody: No contact is called "Nobody". A target is a contact\'s name, @username, t.me link, phone number or user id.');
    expect(lines[2]).toMatch(/^✅ Personal photo set for Alice Liddell \(/);
    expect(lines[3]).toMatch(/^⛔ Carol: Carol is not in your contacts/);
    expect(bobPersonal()).toBeDefined();
  });

  it("should find a new contact added after the list was read", async () => {
    world.addUser({ firstName: "Dora", phone: "14155550190", contact: true });
    expect(await setFor("Dora")).toMatch(/^Personal photo set for Dora \(/);
  });

  it.each([
    ["+1 415 555 0111", "No Telegram user has the number +14155550111, or their privacy settings hide it."],
    ["4242", "I don't know user 4242: they are not among your contacts or chats. Use their @username, phone number or name."],
  ])("should say so for %s", async (word, text) => {
    expect(await setFor(word)).toBe(text);
  });

  it("should say there is nothing to reset", async () => {
    world.setPersonalPhoto(world.ownerId, world.ids.bob, undefined);
    const calls = world.contactPhotoCalls.length;
    expect(await command(".resetpfp Bob")).toBe("Bob has no personal photo: you already see their own photo.");
    expect(world.contactPhotoCalls.length).toBe(calls);
  });

  // Last: it changes a setting the tests above rely on.
  it("should read local numbers in the owner's country by default, and in the phoneRegion setting's once set", async () => {
    world.addUser({ firstName: "Priya", lastName: "Natarajan", phone: "447700900461", contact: true });
    // The owner's own number is American: a British local number is no number there.
    expect(await setFor("07700 900461")).toMatch(/^⛔ 07700: /);
    expect(await command(".config contact-avatar phoneRegion GB")).toMatch(/^contact-avatar\.phoneRegion = "GB"/);
    expect(await setFor("07700 900461")).toMatch(/^Personal photo set for Priya Natarajan \(/);
    expect(await command(".config contact-avatar phoneRegion Mars")).toMatch(/must be a two-letter country code such as US, GB or DE, or empty/);
  });
});
