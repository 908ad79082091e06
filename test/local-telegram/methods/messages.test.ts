import { Api } from "telegram";
import sharp from "sharp";
import { World, type SeededWorld } from "../../../local-telegram/world";
import * as fixtures from "../../../local-telegram/world/fixtures";
import { long } from "../../../local-telegram/world/tl";
import { historyPage } from "../../../local-telegram/methods/messages";
import { MethodHarness } from "../../../local-telegram/methods/harness";

describe("messages methods", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  const peerOf = (id: bigint, hash?: bigint) => dc.inputPeer(id, hash);

  it("should answer sendMessage with UpdateShortSentMessage and push the full message to the recipient", async () => {
    const before = dc.sink.pushes.length;
    const sent = await dc.call(new Api.messages.SendMessage({ peer: peerOf(world.ids.alice), message: "hello", randomId: long(1n) }));
    expect(sent).toBeInstanceOf(Api.UpdateShortSentMessage);
    const short = sent as Api.UpdateShortSentMessage;
    expect(short.id).toBe(world.history({ userId: world.ids.alice })[0].id);

    const toAlice = dc.pushesTo(world.ids.alice, before)[0];
    const message = ((toAlice.updates as Api.Updates).updates[0] as Api.UpdateNewMessage).message as Api.Message;
    expect(message.message).toBe("hello");
    expect(message.out).toBeFalsy();
    // The owner's other sessions get it too, but not the session that sent it.
    expect(dc.pushesTo(world.ownerId, before)[0].opts?.exceptAuthKeyId).toBe(dc.owner.authKeyId);
  });

  it("should give private chats and groups one message id counter per account", async () => {
    const last = world.history({ chatId: world.ids.friends })[0].id;
    const sent = (await dc.call(new Api.messages.SendMessage({ peer: peerOf(world.ids.bob), message: "x", randomId: long(2n) }))) as Api.UpdateShortSentMessage;
    expect(sent.id).toBe(last + 1);
  });

  it("should refuse a wrong access hash with PEER_ID_INVALID and an empty text with MESSAGE_EMPTY", async () => {
    expect(await dc.error(new Api.messages.SendMessage({ peer: peerOf(world.ids.alice, 3n), message: "hi", randomId: long(3n) }))).toBe("PEER_ID_INVALID");
    expect(await dc.error(new Api.messages.SendMessage({ peer: peerOf(world.ids.alice), message: "  ", randomId: long(4n) }))).toBe("MESSAGE_EMPTY");
  });

  it("should edit an outgoing message, answer Api.Updates and push the edit to the other side", async () => {
    const mine = world.ownerSends({ userId: world.ids.alice }, { text: ".avatar" });
    const before = dc.sink.pushes.length;
    const result = await dc.call(new Api.messages.EditMessage({ peer: peerOf(world.ids.alice), id: mine.id, message: "done" }));
    const update = (result as Api.Updates).updates[0] as Api.UpdateEditMessage;
    expect((update.message as Api.Message).message).toBe("done");
    expect(world.message(mine.id)?.text).toBe("done");
    const theirs = dc.pushesTo(world.ids.alice, before)[0];
    expect((((theirs.updates as Api.Updates).updates[0] as Api.UpdateEditMessage).message as Api.Message).message).toBe("done");
  });

  it("should refuse edits Telegram refuses", async () => {
    const mine = world.ownerSends({ userId: world.ids.alice }, { text: "same" });
    const edit = (id: number, message: string) => new Api.messages.EditMessage({ peer: peerOf(world.ids.alice), id, message });
    expect(await dc.error(edit(mine.id, "same"))).toBe("MESSAGE_NOT_MODIFIED");
    expect(await dc.error(edit(9999, "x"))).toBe("MESSAGE_ID_INVALID");
    expect(await dc.error(edit(world.ids.aliceChat.greeting, "x"))).toBe("MESSAGE_AUTHOR_REQUIRED");
  });

  it("should push owner messages from another device as full updates, or short ones on request", async () => {
    const before = dc.sink.pushes.length;
    const full = world.ownerSends({ userId: world.ids.alice }, { text: ".help" });
    world.ownerSends({ chatId: world.ids.friends }, { text: ".ping", delivery: "short" });
    const [first, second] = dc.pushesTo(world.ownerId, before);
    const message = ((first.updates as Api.Updates).updates[0] as Api.UpdateNewMessage).message as Api.Message;
    expect(message).toMatchObject({ id: full.id, out: true, message: ".help" });
    expect((first.updates as Api.Updates).users.some((u) => (u as Api.User).username === "alice")).toBe(true);
    expect(second.updates).toBeInstanceOf(Api.UpdateShortChatMessage);
  });

  it("should page history as Telegram does (offset_id, add_offset, limit)", async () => {
    const all = world.history({ userId: world.ids.alice });
    const page = (offsetId: number, addOffset: number, limit: number) =>
      historyPage(all, { offsetId, addOffset, limit, offsetDate: 0, maxId: 0, minId: 0 }).messages.map((m) => m.id);
    expect(page(0, 0, 3)).toEqual([10, 9, 8]);
    expect(page(8, 0, 3)).toEqual([7, 6, 5]);
    expect(page(8, -2, 3)).toEqual([9, 8, 7]);
    expect(page(2, 0, 5)).toEqual([1]);

    const slice = await dc.call(
      new Api.messages.GetHistory({ peer: peerOf(world.ids.alice), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 4, maxId: 0, minId: 0, hash: long(0n) }),
    );
    expect(slice).toBeInstanceOf(Api.messages.MessagesSlice);
    expect((slice as Api.messages.MessagesSlice).count).toBe(10);
    const whole = await dc.call(
      new Api.messages.GetHistory({ peer: peerOf(world.ids.alice), offsetId: 0, offsetDate: 0, addOffset: 0, limit: 100, maxId: 0, minId: 0, hash: long(0n) }),
    );
    expect(whole).toBeInstanceOf(Api.messages.Messages);
  });

  it("should return seeded media messages with their documents", async () => {
    const ids = world.ids.aliceChat;
    const result = (await dc.call(
      new Api.messages.GetMessages({ id: [ids.videoStickerMessage, ids.gifMessage, ids.customEmojiMessage, 9999].map((id) => new Api.InputMessageID({ id })) }),
    )) as Api.messages.Messages;
    const [sticker, gif, emoji, missing] = result.messages as Api.Message[];
    expect(((sticker.media as Api.MessageMediaDocument).document as Api.Document).mimeType).toBe("video/webm");
    const gifDoc = (gif.media as Api.MessageMediaDocument).document as Api.Document;
    expect(gifDoc.attributes.some((a) => a instanceof Api.DocumentAttributeAnimated)).toBe(true);
    expect(emoji.entities?.[0]).toBeInstanceOf(Api.MessageEntityCustomEmoji);
    expect(missing).toBeInstanceOf(Api.MessageEmpty);
  });

  it("should send an uploaded photo and serve its largest size back", async () => {
    const image = await fixtures.jpeg({ width: 900, height: 600 });
    const file = await dc.upload(image, "preview.jpg");
    const result = (await dc.call(
      new Api.messages.SendMedia({ peer: peerOf(world.ids.alice), media: new Api.InputMediaUploadedPhoto({ file }), message: "", randomId: long(77n) }),
    )) as Api.Updates;
    const idUpdate = result.updates[0] as Api.UpdateMessageID;
    expect(idUpdate.randomId?.toString()).toBe("77");
    const message = (result.updates[1] as Api.UpdateNewMessage).message as Api.Message;
    const photo = (message.media as Api.MessageMediaPhoto).photo as Api.Photo;
    const largest = photo.sizes.at(-1) as Api.PhotoSize;
    // The ladder stops at the first rung that holds the whole picture, never upscaling.
    expect(photo.sizes.map((s) => s.type)).toEqual(["i", "s", "m", "x", "y"]);
    expect(largest).toMatchObject({ type: "y", w: 900, h: 600 });
    const bytes = await dc.download(
      new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: "y" }),
    );
    expect(await sharp(bytes).metadata()).toMatchObject({ format: "jpeg", width: 900, height: 600 });
    expect(world.media.photos.get(BigInt(photo.id.toString()))?.source?.file?.bytes.equals(image)).toBe(true);
  });

  it("should delete messages and push the deletion to the other side when revoked", async () => {
    const mine = world.ownerSends({ userId: world.ids.alice }, { text: "oops" });
    const aliceCopy = world.history({ userId: world.ownerId }, world.ids.alice)[0];
    const affected = await dc.call(new Api.messages.DeleteMessages({ id: [mine.id], revoke: true }));
    expect(affected.ptsCount).toBe(1);
    expect(world.message(mine.id)).toBeUndefined();
    expect(world.message(aliceCopy.id, world.ids.alice)).toBeUndefined();
  });
});
