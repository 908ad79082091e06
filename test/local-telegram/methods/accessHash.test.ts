/**
 * Telegram's access-hash rule on the local server: a session can name a
 * user only with an access hash the server sent it. Through the method
 * harness (one auth key per context) and through a real GramJS client on a
 * fresh session that has seen no dialogs.
 */
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { MethodHarness } from "../../../local-telegram/methods/harness";
import { TestDc } from "../../../local-telegram/server";
import { closeTestClient, connectTestClient, withTimeout } from "../../../local-telegram/protocol/testClient";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { long } from "../../../local-telegram/world/tl";

describe("the access-hash rule", () => {
  let world: SeededWorld;
  beforeEach(async () => {
    world = await World.seeded();
  });

  /** What a client would send if it guessed or copied the right hash without being given it. */
  const rawUser = (id: bigint) => new Api.InputUser({ userId: long(id), accessHash: long(world.users.require(id).accessHash) });
  const rawPeer = (id: bigint) => new Api.InputPeerUser({ userId: long(id), accessHash: long(world.users.require(id).accessHash) });

  describe("per method, through the harness", () => {
    let dc: MethodHarness;
    let fresh: ReturnType<MethodHarness["as"]>;
    beforeEach(() => {
      dc = new MethodHarness(world);
      fresh = dc.as(world.ownerId, 0x9999n);
    });

    it("should refuse Bob by the right id and hash until the session got him from contacts.getContacts", async () => {
      expect(await dc.error(new Api.users.GetFullUser({ id: rawUser(world.ids.bob) }), fresh)).toBe("USER_ID_INVALID");
      expect(await dc.error(new Api.photos.GetUserPhotos({ userId: rawUser(world.ids.bob), offset: 0, maxId: long(0n), limit: 10 }), fresh)).toBe(
        "USER_ID_INVALID",
      );
      expect(
        await dc.error(
          new Api.messages.GetHistory({
            peer: rawPeer(world.ids.bob),
            offsetId: 0,
            offsetDate: 0,
            addOffset: 0,
            limit: 10,
            maxId: 0,
            minId: 0,
            hash: long(0n),
          }),
          fresh,
        ),
      ).toBe("PEER_ID_INVALID");
      expect(await dc.error(new Api.messages.SendMessage({ peer: rawPeer(world.ids.bob), message: "hi", randomId: long(1n) }), fresh)).toBe("PEER_ID_INVALID");
      expect(await dc.error(new Api.contacts.DeleteContacts({ id: [rawUser(world.ids.bob)] }), fresh)).toBe("CONTACT_ID_INVALID");
      expect(await dc.error(new Api.photos.UploadContactProfilePhoto({ userId: rawUser(world.ids.bob), save: true }), fresh)).toBe("USER_ID_INVALID");
      // users.getUsers leaves out what it cannot resolve rather than failing.
      expect(await dc.call(new Api.users.GetUsers({ id: [rawUser(world.ids.bob)] }), fresh)).toEqual([]);

      await dc.call(new Api.contacts.GetContacts({ hash: long(0n) }), fresh);
      const full = await dc.call(new Api.users.GetFullUser({ id: rawUser(world.ids.bob) }), fresh);
      expect(full.fullUser.id.toString()).toBe(world.ids.bob.toString());
    });

    it("should keep what one auth key was given from another key of the same account", async () => {
      await dc.call(new Api.contacts.GetContacts({ hash: long(0n) }), fresh);
      expect(await dc.error(new Api.users.GetFullUser({ id: rawUser(world.ids.bob) }), dc.as(world.ownerId, 0x7777n))).toBe("USER_ID_INVALID");
    });

    it("should give the users of contacts.resolveUsername, contacts.resolvePhone and messages.getHistory", async () => {
      await dc.call(new Api.contacts.ResolveUsername({ username: "carol" }), fresh);
      await dc.call(new Api.contacts.ResolvePhone({ phone: "14155550143" }), fresh);
      expect(world.sessionPeers.known(0x9999n).sort()).toEqual([world.ids.bob, world.ids.carol].sort());
      await dc.call(
        new Api.messages.GetHistory({
          peer: new Api.InputPeerChat({ chatId: long(world.ids.friends) }),
          offsetId: 0,
          offsetDate: 0,
          addOffset: 0,
          limit: 10,
          maxId: 0,
          minId: 0,
          hash: long(0n),
        }),
        fresh,
      );
      expect(world.sessionPeers.knows(0x9999n, world.ids.alice)).toBe(true);
    });

    it("should refuse a wrong hash even for a user the session was given", async () => {
      await dc.call(new Api.contacts.GetContacts({ hash: long(0n) }), fresh);
      const wrong = new Api.InputUser({ userId: long(world.ids.bob), accessHash: long(world.users.require(world.ids.bob).accessHash + 1n) });
      expect(await dc.error(new Api.users.GetFullUser({ id: wrong }), fresh)).toBe("USER_ID_INVALID");
    });

    it("should accept the caller's own id and hash, and InputUserFromMessage only for a real sender in a reachable chat", async () => {
      const me = await dc.call(new Api.users.GetFullUser({ id: rawUser(world.ownerId) }), fresh);
      expect(me.fullUser.id.toString()).toBe(world.ownerId.toString());

      const friends = new Api.InputPeerChat({ chatId: long(world.ids.friends) });
      const bobsMessage = world.history({ chatId: world.ids.friends }).find((m) => m.fromId === world.ids.bob)!;
      const fromMessage = (msgId: number) => new Api.InputUserFromMessage({ peer: friends, msgId, userId: long(world.ids.bob) });
      const full = await dc.call(new Api.users.GetFullUser({ id: fromMessage(bobsMessage.id) }), fresh);
      expect(full.fullUser.id.toString()).toBe(world.ids.bob.toString());
      const alicesMessage = world.history({ chatId: world.ids.friends }).find((m) => m.fromId === world.ids.alice)!;
      expect(await dc.error(new Api.users.GetFullUser({ id: fromMessage(alicesMessage.id) }), fresh)).toBe("USER_ID_INVALID");
    });
  });

  describe("through a real GramJS client on a fresh session", () => {
    let dc: TestDc;
    let client: TelegramClient;
    beforeEach(async () => {
      dc = await TestDc.start({ world, logLevel: "silent" });
      client = await withTimeout(connectTestClient(dc), 5000, "connect");
    });
    afterEach(async () => {
      await closeTestClient(client);
      await dc.stop();
    });

    const errorOf = (promise: Promise<unknown>) =>
      withTimeout(promise, 5000, "call").then(
        () => "succeeded",
        (err: unknown) => (err as { errorMessage?: string }).errorMessage ?? String(err),
      );

    it("should not let the session use Bob by id until it got him from getContacts", async () => {
      const bob = rawUser(world.ids.bob);
      expect(await errorOf(client.invoke(new Api.users.GetFullUser({ id: bob })))).toBe("USER_ID_INVALID");

      const contacts = (await withTimeout(client.invoke(new Api.contacts.GetContacts({ hash: bigInt(0) })), 5000, "getContacts")) as Api.contacts.Contacts;
      const given = contacts.users.find((u) => u.id.toString() === world.ids.bob.toString()) as Api.User;
      expect(given.accessHash?.toString()).toBe(world.users.require(world.ids.bob).accessHash.toString());
      const full = await withTimeout(client.invoke(new Api.users.GetFullUser({ id: bob })), 5000, "getFullUser");
      expect(full.fullUser.id.toString()).toBe(world.ids.bob.toString());
    });

    it("should give a user to the session that receives a pushed message from them", async () => {
      await withTimeout(client.getMe(), 5000, "getMe");
      const carol = rawPeer(world.ids.carol);
      expect(
        await errorOf(
          client.invoke(new Api.messages.GetHistory({ peer: carol, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 5, maxId: 0, minId: 0, hash: bigInt(0) })),
        ),
      ).toBe("PEER_ID_INVALID");

      const pushed = dc.waitForUpdate((u) => u instanceof Api.Updates && u.users.some((user) => user.id.toString() === world.ids.carol.toString()), {
        userId: world.ownerId,
      });
      world.userSends(world.ids.carol, { text: "hello, it's Carol" });
      await withTimeout(pushed, 5000, "the push");
      const history = await withTimeout(
        client.invoke(new Api.messages.GetHistory({ peer: carol, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 5, maxId: 0, minId: 0, hash: bigInt(0) })),
        5000,
        "getHistory",
      );
      expect((history as Api.messages.Messages).messages.length).toBe(1);
    });
  });
});
