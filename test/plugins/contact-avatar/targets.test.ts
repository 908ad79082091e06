import bigInt from "big-integer";
import { Api } from "telegram";
import type { EntityLike } from "telegram/define";
import { UsageError, UserError } from "../../../src/core/errors";
import type { Telegram } from "../../../src/telegram/types";
import { displayName, parseTargetWord, resolveTargets } from "../../../plugins/contact-avatar/targets";

describe("parseTargetWord", () => {
  it.each([
    ["@alice", { username: "alice" }],
    ["@Alice_Smith", { username: "Alice_Smith" }],
    ["@abcd", { username: "abcd" }],
    ["t.me/alice", { username: "alice" }],
    ["t.me/alice/", { username: "alice" }],
    ["https://t.me/alice", { username: "alice" }],
    ["http://t.me/alice", { username: "alice" }],
    ["HTTPS://T.ME/alice", { username: "alice" }],
    ["https://telegram.me/alice", { username: "alice" }],
    ["123456789", { id: 123456789n }],
    ["7", { id: 7n }],
    ["12345678901234567890", { id: 12345678901234567890n }],
  ])("should read %p", (word, expected) => {
    expect(parseTargetWord(word)).toEqual(expected);
  });

  it.each([
    "alice",
    "@",
    "@abc",
    "@" + "a".repeat(33),
    "@ali ce",
    "@ali-ce",
    "@alice!",
    "t.me/",
    "t.me/abc",
    "t.me/joinchat/AAAAAE",
    "t.me/+AbCdEf",
    "t.me/c/123/45",
    "t.me/alice?start=1",
    "https://t.me.evil.com/alice",
    "https://example.com/alice",
    "ftp://t.me/alice",
    "0",
    "-100123456",
    "-5",
    "12.5",
    "1e5",
    "123456789012345678901",
    "",
  ])("should refuse %p", (word) => {
    expect(parseTargetWord(word)).toBeUndefined();
  });
});

describe("displayName", () => {
  it("should prefer the full name, then the username, then the id", () => {
    expect(displayName(new Api.User({ id: bigInt(1), firstName: "Alice", lastName: "Smith" }))).toBe("Alice Smith");
    expect(displayName(new Api.User({ id: bigInt(1), firstName: "Alice" }))).toBe("Alice");
    expect(displayName(new Api.User({ id: bigInt(1), username: "alice" }))).toBe("@alice");
    expect(displayName(new Api.User({ id: bigInt(1) }))).toBe("user 1");
  });
});

describe("resolveTargets", () => {
  const me = new Api.User({ id: bigInt(1), self: true, accessHash: bigInt(10), firstName: "Me" });
  const alice = new Api.User({ id: bigInt(2), accessHash: bigInt(20), firstName: "Alice", username: "alice" });
  const bot = new Api.User({ id: bigInt(3), accessHash: bigInt(30), firstName: "Helper", bot: true });
  const ghost = new Api.User({ id: bigInt(4), accessHash: bigInt(40), deleted: true });
  const hidden = new Api.User({ id: bigInt(5), firstName: "Hidden" });
  const channel = new Api.Channel({ id: bigInt(6), title: "News", photo: new Api.ChatPhotoEmpty(), date: 0 });
  const byUsername: Record<string, Api.User | Api.Channel> = { alice, myself: me, helper: bot, ghost, news: channel, hidden };

  const telegram = {
    me: () => me,
    // An empty contact list: these tests are about usernames and refusals (names and phones: targets.integration.test.ts).
    async invoke(request: Api.AnyRequest) {
      if (request instanceof Api.contacts.GetContacts) return new Api.contacts.Contacts({ contacts: [], savedCount: 0, users: [] });
      throw new Error(`unexpected ${request.className}`);
    },
    async getEntity(peer: EntityLike) {
      if (typeof peer === "string") {
        const found = byUsername[peer.toLowerCase()];
        if (!found) throw new Error(`No user has "${peer}" as username`);
        return found;
      }
      if (peer instanceof Api.PeerUser) return [me, alice, bot, ghost].find((u) => u.id.equals(peer.userId))!;
      throw new Error("Could not find the input entity");
    },
  } as unknown as Telegram;

  const message = (peerId: Api.TypePeer) => new Api.Message({ id: 1, peerId, date: 0, message: ".setpfp", out: true });
  const inAliceChat = message(new Api.PeerUser({ userId: bigInt(2) }));

  it("should resolve usernames and links to users with an InputUser, once each", async () => {
    const targets = await resolveTargets(telegram, ["@alice", "t.me/alice", "https://t.me/Alice"], inAliceChat);
    expect(targets).toHaveLength(1);
    expect(targets[0].name).toBe("Alice");
    expect(targets[0].input).toBeInstanceOf(Api.InputUser);
    expect(targets[0].input.userId.equals(alice.id)).toBe(true);
    expect(targets[0].input.accessHash.equals(alice.accessHash!)).toBe(true);
  });

  it("should take the private chat's user when no word is given", async () => {
    const [target] = await resolveTargets(telegram, [], inAliceChat);
    expect(target.user).toBe(alice);
  });

  it("should ask for a name in a group or in Saved Messages", async () => {
    const inGroup = message(new Api.PeerChat({ chatId: bigInt(9) }));
    const inSaved = message(new Api.PeerUser({ userId: bigInt(1) }));
    await expect(resolveTargets(telegram, [], inGroup)).rejects.toThrow(UsageError);
    await expect(resolveTargets(telegram, [], inSaved)).rejects.toThrow("Name the contact");
  });

  it.each([
    ["alice", UserError, 'No contact is called "alice". A target is a contact\'s name, @username, t.me link, phone number or user id.'],
    ["@myself", UserError, "That is you: Telegram does not let you set or suggest a photo for yourself."],
    ["@helper", UserError, "Helper is a bot: Telegram does not offer personal photos for bots."],
    ["@news", UserError, "@news is a group or channel, not a person."],
    ["@ghost", UserError, "@ghost account is deleted."],
    ["@hidden", UserError, "Telegram did not give access to Hidden; open a chat with them first."],
    ["@nobody", UserError, "No Telegram user is called @nobody."],
    ["4242", UserError, "I don't know user 4242: they are not among your contacts or chats. Use their @username, phone number or name."],
  ])("should refuse %p with a clear line", async (word, type, text) => {
    const resolving = resolveTargets(telegram, [word], inAliceChat);
    await expect(resolving).rejects.toThrow(type);
    await expect(resolveTargets(telegram, [word], inAliceChat)).rejects.toThrow(text);
  });
});
