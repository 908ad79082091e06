/**
 * Suggested photos as service messages, through a real GramJS client: what
 * `.suggestpfp --withdraw` builds on. A suggestion is a
 * messageActionSuggestProfilePhoto service message in both boxes; the client
 * finds its own with messages.getHistory and withdraws them with
 * messages.deleteMessages(revoke), which removes the contact's copy too.
 */
import bigInt from "big-integer";
import { Api, type TelegramClient } from "telegram";
import { CustomFile } from "telegram/client/uploads";
import { TestDc } from "../../../local-telegram/server";
import { withTimeout } from "../../../local-telegram/protocol/testClient";
import { type SeededWorld } from "../../../local-telegram/world";
import * as fixtures from "../../../local-telegram/world/fixtures";
import { startSeededClient, stopSeededClient } from "../../../local-telegram/seededClient";

describe("suggestion service messages through a real GramJS client", () => {
  let world: SeededWorld;
  let dc: TestDc;
  let client: TelegramClient;
  let alice: Api.InputPeerUser;

  beforeEach(async () => {
    ({ world, dc, client } = await startSeededClient());
    alice = (await withTimeout(client.getInputEntity("@alice"), 5000, "resolve @alice")) as Api.InputPeerUser;
  });

  afterEach(() => stopSeededClient({ client, dc }));

  async function suggest(color: string): Promise<Api.Photo> {
    const jpeg = await fixtures.jpeg({ width: 640, height: 640, color });
    const file = await withTimeout(client.uploadFile({ file: new CustomFile("avatar.jpg", jpeg.length, "", jpeg), workers: 1 }), 5000, "upload");
    const userId = new Api.InputUser({ userId: alice.userId, accessHash: alice.accessHash });
    const result = await withTimeout(client.invoke(new Api.photos.UploadContactProfilePhoto({ userId, suggest: true, file })), 5000, "suggest");
    return result.photo as Api.Photo;
  }

  /** The owner's suggestions in the chat, as a client finds them: getHistory, then service messages with the action, sent by us. */
  async function ownSuggestions(): Promise<Api.MessageService[]> {
    const history = await withTimeout(
      client.invoke(new Api.messages.GetHistory({ peer: alice, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: bigInt(0) })),
      5000,
      "getHistory",
    );
    return (history as Api.messages.Messages).messages.filter(
      (m): m is Api.MessageService => m instanceof Api.MessageService && m.action instanceof Api.MessageActionSuggestProfilePhoto && Boolean(m.out),
    );
  }

  it("should record each suggestion as a service message in both boxes, carrying the suggested photo", async () => {
    const first = await suggest("#aa3311");
    const second = await suggest("#11aa33");
    const found = await ownSuggestions();
    expect(found.map((m) => ((m.action as Api.MessageActionSuggestProfilePhoto).photo as Api.Photo).id.toString())).toEqual([
      second.id.toString(),
      first.id.toString(),
    ]);
    expect(found.every((m) => (m.peerId as Api.PeerUser).userId.toString() === world.ids.alice.toString())).toBe(true);
    // Alice's copies: incoming, from the owner.
    const hers = world.history({ userId: world.ownerId }, world.ids.alice).filter((m) => m.action?.kind === "suggestProfilePhoto");
    expect(hers.map((m) => m.out)).toEqual([false, false]);
    expect(world.photoState(world.ids.alice).suggested.map((s) => s.photo.id.toString())).toEqual([first.id.toString(), second.id.toString()]);
  });

  it("should withdraw suggestions with deleteMessages(revoke): gone from both boxes, Alice told", async () => {
    await suggest("#aa3311");
    await suggest("#11aa33");
    const found = await ownSuggestions();
    const toAlice = dc.waitForUpdate((u) => u instanceof Api.UpdateShort && u.update instanceof Api.UpdateDeleteMessages, { userId: world.ids.alice });

    const affected = await withTimeout(
      client.deleteMessages(
        alice,
        found.map((m) => m.id),
        { revoke: true },
      ),
      5000,
      "deleteMessages",
    );
    expect(affected[0].ptsCount).toBe(2);
    expect(await ownSuggestions()).toEqual([]);
    expect(world.photoState(world.ids.alice).suggested).toEqual([]);
    expect(world.history({ userId: world.ownerId }, world.ids.alice).filter((m) => m.action)).toEqual([]);
    const update = ((await withTimeout(toAlice, 5000, "Alice's delete update")) as Api.UpdateShort).update as Api.UpdateDeleteMessages;
    expect(update.messages).toHaveLength(2);
  });

  it("should keep Alice's copy when the owner deletes without revoke, as Telegram does", async () => {
    await suggest("#aa3311");
    const [only] = await ownSuggestions();
    await withTimeout(client.deleteMessages(alice, [only.id], { revoke: false }), 5000, "deleteMessages");
    expect(await ownSuggestions()).toEqual([]);
    expect(world.history({ userId: world.ownerId }, world.ids.alice).filter((m) => m.action?.kind === "suggestProfilePhoto")).toHaveLength(1);
  });
});
