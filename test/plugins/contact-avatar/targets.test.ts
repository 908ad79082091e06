import { UsageError, UserError, UserNotFoundError } from "../../../src/core/errors";
import type { Peer, User, UserQuery } from "../../../src/telegram/model";
import type { Telegram } from "../../../src/telegram/types";
import { groupPeer, ownedMessage, ownedUser, userPeer } from "../../fixtures/owned";
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
    expect(displayName(ownedUser({ id: 1n, firstName: "Alice", lastName: "Smith" }))).toBe("Alice Smith");
    expect(displayName(ownedUser({ id: 1n, firstName: "Alice" }))).toBe("Alice");
    expect(displayName(ownedUser({ id: 1n, username: "alice" }))).toBe("@alice");
    expect(displayName(ownedUser({ id: 1n }))).toBe("user 1");
  });
});

describe("resolveTargets", () => {
  const me = ownedUser({ id: 1n, self: true, firstName: "Me" });
  const alice = ownedUser({ id: 2n, firstName: "Alice", username: "alice" });
  const bot = ownedUser({ id: 3n, firstName: "Helper", bot: true });
  const ghost = ownedUser({ id: 4n, deleted: true });
  const hidden = ownedUser({ id: 5n, firstName: "Hidden", reachable: false });
  const byUsername: Record<string, User> = { alice, myself: me, helper: bot, ghost, hidden };

  // The Telegram interface's answers, as src/telegram gives them (its own tests check them against the local server).
  const telegram = {
    self: () => me,
    // An empty contact list: these tests are about usernames and refusals (names and phones: targets.integration.test.ts).
    contacts: { list: async () => [] },
    users: {
      async resolve(query: UserQuery) {
        if ("username" in query) {
          if (query.username.toLowerCase() === "news") throw new UserNotFoundError(query, "not-a-user");
          const found = byUsername[query.username.toLowerCase()];
          if (!found) throw new UserNotFoundError(query, "not-found");
          return found;
        }
        if ("id" in query) {
          const found = [me, alice, bot, ghost].find((u) => u.id === query.id);
          if (!found) throw new UserNotFoundError(query, "unknown-id");
          return found;
        }
        throw new UserNotFoundError(query, "not-found");
      },
    },
  } as unknown as Telegram;

  const message = (chat: Peer) => ownedMessage({ id: 1, chat, text: ".setpfp", out: true });
  const inAliceChat = message(userPeer(2));

  it("should resolve usernames and links to the user, once each", async () => {
    const targets = await resolveTargets(telegram, ["@alice", "t.me/alice", "https://t.me/Alice"], inAliceChat);
    expect(targets).toHaveLength(1);
    expect(targets[0].name).toBe("Alice");
    expect(targets[0].user).toBe(alice);
  });

  it("should take the private chat's user when no word is given", async () => {
    const [target] = await resolveTargets(telegram, [], inAliceChat);
    expect(target.user).toBe(alice);
  });

  it("should ask for a name in a group or in Saved Messages", async () => {
    const inGroup = message(groupPeer(9));
    const inSaved = message(userPeer(1));
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
