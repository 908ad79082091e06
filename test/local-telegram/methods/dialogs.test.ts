/**
 * messages.getDialogs through a real GramJS client on a fresh session: the
 * chats newest first, paged, and the users they carry given to the session
 * (the access-hash rule), no one else.
 */
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { TestDc } from "../../../local-telegram/server";
import { withTimeout } from "../../../local-telegram/protocol/testClient";
import { type SeededWorld } from "../../../local-telegram/world";
import { long } from "../../../local-telegram/world/tl";
import { startSeededClient, stopSeededClient } from "../../../local-telegram/seededClient";

describe("messages.getDialogs through a real GramJS client", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let client: TelegramClient;
  beforeEach(async () => {
    ({ world, dc, client } = await startSeededClient());
  });
  afterEach(() => stopSeededClient({ client, dc }));

  const getDialogs = (limit: number, offsetId = 0) =>
    withTimeout(
      client.invoke(new Api.messages.GetDialogs({ offsetDate: 0, offsetId, offsetPeer: new Api.InputPeerEmpty(), limit, hash: bigInt(0) })),
      5000,
      "getDialogs",
    );

  it("should list the chats newest first through GramJS's getDialogs, with their top messages", async () => {
    const dialogs = await withTimeout(client.getDialogs({}), 5000, "client.getDialogs");
    expect([...dialogs].map((d) => d.title)).toEqual(["Friends", "Alice Liddell"]);
    expect(dialogs[0].message?.message).toBe("Welcome to Friends");
  });

  it("should page with limit and offset_id, answering dialogsSlice with the count", async () => {
    const first = (await getDialogs(1)) as Api.messages.DialogsSlice;
    expect(first).toBeInstanceOf(Api.messages.DialogsSlice);
    expect(first.count).toBe(2);
    const top = (first.dialogs[0] as Api.Dialog).topMessage;
    const rest = (await getDialogs(10, top)) as Api.messages.Dialogs;
    expect((rest.dialogs as Api.Dialog[]).map((d) => (d.peer as Api.PeerUser).userId?.toString())).toEqual([world.ids.alice.toString()]);
  });

  it("should give the session the users the dialogs carry, and only those", async () => {
    const byId = (id: bigint) => new Api.InputUser({ userId: long(id), accessHash: long(world.users.require(id).accessHash) });
    await getDialogs(10);
    const alice = await withTimeout(client.invoke(new Api.users.GetFullUser({ id: byId(world.ids.alice) })), 5000, "Alice");
    expect(alice.fullUser.id.toString()).toBe(world.ids.alice.toString());
    // Bob is in Friends but neither a dialog's peer nor a top message's sender.
    const bob = await withTimeout(client.invoke(new Api.users.GetFullUser({ id: byId(world.ids.bob) })), 5000, "Bob").catch(
      (err: { errorMessage?: string }) => err.errorMessage,
    );
    expect(bob).toBe("USER_ID_INVALID");
  });
});
