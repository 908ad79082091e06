import bigInt from "big-integer";
import { Api, TelegramClient } from "telegram";
import { Raw } from "telegram/events";
import { TestDc } from "../../../local-telegram/server";
import { authKeyIdOf } from "../../../local-telegram/protocol/crypto";
import { closeTestClient, connectTestClient, registerMinimalMethods, withTimeout } from "../../../local-telegram/protocol/testClient";

function newMessageUpdates(text: string): Api.Updates {
  const message = new Api.Message({
    id: 1,
    peerId: new Api.PeerUser({ userId: bigInt(42) }),
    date: Math.floor(Date.now() / 1000),
    message: text,
  });
  return new Api.Updates({
    updates: [new Api.UpdateNewMessage({ message, pts: 1, ptsCount: 1 })],
    users: [],
    chats: [],
    date: Math.floor(Date.now() / 1000),
    seq: 0,
  });
}

describe("TestDc pushed updates", () => {
  let dc: TestDc;
  let client: TelegramClient;
  let received: Api.TypeUpdate[];

  beforeEach(async () => {
    dc = await TestDc.start({ logLevel: "silent" });
    registerMinimalMethods(dc);
    client = await withTimeout(connectTestClient(dc), 5000, "connect");
    received = [];
    client.addEventHandler((update: Api.TypeUpdate) => {
      received.push(update);
    }, new Raw({}));
    // Updates go to connections that have said who they are; the connect did.
    await withTimeout(client.getMe(), 5000, "getMe");
  });

  afterEach(async () => {
    await closeTestClient(client);
    await dc.stop();
  });

  const textsReceived = (): string[] =>
    received.flatMap((u) => (u instanceof Api.UpdateNewMessage && u.message instanceof Api.Message ? [u.message.message] : []));

  it("should deliver a pushed update to the user's client event handler", async () => {
    const seen = dc.waitForUpdate((u) => u instanceof Api.Updates, { userId: dc.ownerId, timeoutMs: 2000 });
    dc.updates.push(dc.ownerId, newMessageUpdates("hello from the server"));
    await seen;
    await withTimeout(
      waitUntil(() => textsReceived().length > 0),
      2000,
      "the event handler",
    );
    expect(textsReceived()).toEqual(["hello from the server"]);
    expect(dc.updates.all[0].delivered).toBe(1);
  });

  it("should not deliver to other users or to the session the world leaves out", async () => {
    dc.updates.push(dc.ownerId + 1n, newMessageUpdates("for someone else"));
    const key = client.session.getAuthKey()?.getKey();
    if (!key) throw new Error("the client has no auth key");
    dc.updates.push(dc.ownerId, newMessageUpdates("for other sessions"), { exceptAuthKeyId: authKeyIdOf(key) });
    dc.updates.push(dc.ownerId, newMessageUpdates("for everyone"));
    await withTimeout(
      waitUntil(() => textsReceived().length > 0),
      2000,
      "the event handler",
    );
    expect(dc.updates.all.map((u) => u.delivered)).toEqual([0, 0, 1]);
    expect(textsReceived()).toEqual(["for everyone"]);
  });

  it("should reject waitForUpdate after its timeout, naming what was awaited", async () => {
    await expect(dc.waitForUpdate(() => false, { timeoutMs: 50 })).rejects.toThrow(/waiting for an update matching the predicate/);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
