/**
 * The standard seeded world: the people, chats and media every test can
 * count on, with their ids exposed as named fields.
 */
import { Api } from "telegram";
import type { World } from "./index";
import * as fixtures from "./fixtures";
import { COMMON_EMOJI, emojiTgs } from "./emojiSet";
import { ANIMATED_EMOJI_SET } from "../methods/stickers";
import type { DocumentRecord } from "./media";
import type { StickerSetRecord } from "./stickers";
import { long } from "./tl";

export interface SeededIds {
  readonly owner: bigint;
  /** Contact (mutual) with a username and her own profile photo. */
  readonly alice: bigint;
  /** Contact without a username. */
  readonly bob: bigint;
  /** Not a contact; has a username. */
  readonly carol: bigint;
  /** @helper_bot */
  readonly helperBot: bigint;
  readonly deletedUser: bigint;
  /** The basic group "Friends" (owner, Alice, Bob). */
  readonly friends: bigint;
  readonly stickerSet: { readonly id: bigint; readonly accessHash: bigint; readonly shortName: string };
  readonly emojiSet: { readonly id: bigint; readonly accessHash: bigint; readonly shortName: string };
  /** Telegram's animated-emoji set (InputStickerSetAnimatedEmoji), holding an animated 🐱. */
  readonly animatedEmojiSet: { readonly id: bigint; readonly accessHash: bigint; readonly shortName: string };
  readonly photos: {
    /** Alice's current own photo (pink). */
    readonly aliceProfile: bigint;
    /** Alice's own photos, newest first: aliceProfile, then the yellow one, then the blue one. */
    readonly aliceOwn: readonly bigint[];
    readonly alicePhotoMessage: bigint;
  };
  readonly documents: {
    readonly staticSticker: bigint;
    readonly animatedSticker: bigint;
    readonly videoSticker: bigint;
    readonly video: bigint;
    readonly gif: bigint;
    readonly jpegDocument: bigint;
    readonly pngDocument: bigint;
    readonly customEmoji: bigint;
    readonly animatedCustomEmoji: bigint;
    /** 🐱 in the animated-emoji set. */
    readonly animatedEmojiCat: bigint;
  };
  /** Message ids in the owner's private chat with Alice. */
  readonly aliceChat: {
    readonly greeting: number;
    readonly photoMessage: number;
    readonly videoMessage: number;
    readonly staticStickerMessage: number;
    readonly videoStickerMessage: number;
    readonly animatedStickerMessage: number;
    readonly gifMessage: number;
    readonly jpegDocumentMessage: number;
    readonly pngDocumentMessage: number;
    readonly customEmojiMessage: number;
  };
  /** Message ids (owner's box) in "Friends", oldest first. */
  readonly friendsChat: { readonly messages: number[] };
}

const STICKER_SIZE = 512;

export async function seedWorld(world: World): Promise<World & { readonly ids: SeededIds }> {
  const [aliceFace, photoImage, stickerWebp, emojiWebp, tgs, webm, video, gif, jpegDoc, pngDoc] = await Promise.all([
    fixtures.jpeg({ width: 640, height: 640, color: "#d53a7b" }),
    fixtures.jpeg({ width: 1024, height: 768, color: "#3ad57b" }),
    fixtures.webp({ width: STICKER_SIZE, height: STICKER_SIZE, color: "#f0a020" }),
    fixtures.webp({ width: 100, height: 100, color: "#ffd700" }),
    fixtures.tgs(),
    fixtures.webm({ width: STICKER_SIZE, height: STICKER_SIZE, seconds: 1 }),
    fixtures.mp4({ width: 320, height: 240, seconds: 2 }),
    fixtures.mp4({ width: 240, height: 240, seconds: 1 }),
    fixtures.jpeg({ width: 800, height: 600, color: "#7b3ad5" }),
    fixtures.png({ width: 400, height: 300, color: "#20a0f0" }),
  ]);

  const owner = world.owner;
  const alice = world.addUser({ firstName: "Alice", lastName: "Liddell", username: "alice", phone: "14155550101", mutualContact: true });
  const bob = world.addUser({ firstName: "Bob", phone: "14155550143", contact: true });
  const carol = world.addUser({ firstName: "Carol", username: "carol", phone: "14155550103" });
  const helperBot = world.addUser({ firstName: "Helper", username: "helper_bot", bot: true });
  const deletedUser = world.addUser({ firstName: "", deleted: true });

  // Alice changed her photo twice before the current one: photos.getUserPhotos lists all three, newest first.
  const [aliceFirst, aliceSecond] = await Promise.all([
    fixtures.jpeg({ width: 640, height: 640, color: "#2a9df4" }),
    fixtures.jpeg({ width: 800, height: 800, color: "#f4c12a" }),
  ]);
  const aliceOldest = await world.setOwnPhoto(alice.id, aliceFirst);
  const alicePrevious = await world.setOwnPhoto(alice.id, aliceSecond);
  const [aliceProfile, alicePhoto] = await Promise.all([world.setOwnPhoto(alice.id, aliceFace), world.addPhoto(photoImage, "message")]);

  const stickerSet = world.stickerSets.add({ title: "Test Stickers", shortName: "test_stickers" });
  const emojiSet = world.stickerSets.add({ title: "Test Emoji", shortName: "test_emoji", emojis: true });
  const animatedEmojiSet = world.stickerSets.add({ title: "Animated Emoji", shortName: ANIMATED_EMOJI_SET });
  const sticker = (set: StickerSetRecord, alt: string) =>
    new Api.DocumentAttributeSticker({ alt, stickerset: new Api.InputStickerSetID({ id: long(set.id), accessHash: long(set.accessHash) }) });
  const emoji = (set: StickerSetRecord, alt: string) =>
    new Api.DocumentAttributeCustomEmoji({ alt, stickerset: new Api.InputStickerSetID({ id: long(set.id), accessHash: long(set.accessHash) }) });
  const fileName = (name: string) => new Api.DocumentAttributeFilename({ fileName: name });
  const imageSize = (w: number, h: number) => new Api.DocumentAttributeImageSize({ w, h });
  const inSet = (set: StickerSetRecord, doc: DocumentRecord) => {
    set.documentIds.push(doc.id);
    return doc;
  };

  const docs = world.media;
  const staticSticker = inSet(
    stickerSet,
    docs.addDocument({
      mimeType: "image/webp",
      bytes: stickerWebp,
      attributes: [imageSize(STICKER_SIZE, STICKER_SIZE), sticker(stickerSet, "😀"), fileName("sticker.webp")],
    }),
  );
  const animatedSticker = inSet(
    stickerSet,
    docs.addDocument({
      mimeType: "application/x-tgsticker",
      bytes: tgs,
      attributes: [imageSize(STICKER_SIZE, STICKER_SIZE), sticker(stickerSet, "🎉"), fileName("AnimatedSticker.tgs")],
    }),
  );
  const videoSticker = inSet(
    stickerSet,
    docs.addDocument({
      mimeType: "video/webm",
      bytes: webm,
      attributes: [new Api.DocumentAttributeVideo({ duration: 1, w: STICKER_SIZE, h: STICKER_SIZE }), sticker(stickerSet, "🔥"), fileName("sticker.webm")],
    }),
  );
  const customEmoji = inSet(
    emojiSet,
    docs.addDocument({ mimeType: "image/webp", bytes: emojiWebp, attributes: [imageSize(100, 100), emoji(emojiSet, "⭐"), fileName("emoji.webp")] }),
  );
  const animatedCustomEmoji = inSet(
    emojiSet,
    docs.addDocument({
      mimeType: "application/x-tgsticker",
      bytes: tgs,
      attributes: [imageSize(100, 100), emoji(emojiSet, "✨"), fileName("AnimatedEmoji.tgs")],
    }),
  );
  const animatedEmojiCat = inSet(
    animatedEmojiSet,
    docs.addDocument({
      mimeType: "application/x-tgsticker",
      bytes: tgs,
      attributes: [imageSize(STICKER_SIZE, STICKER_SIZE), sticker(animatedEmojiSet, "🐱"), fileName("AnimatedSticker.tgs")],
    }),
  );
  // The rest of the common emoji, as Telegram's set has them (see ./emojiSet).
  for (const alt of COMMON_EMOJI) {
    inSet(
      animatedEmojiSet,
      docs.addDocument({
        mimeType: "application/x-tgsticker",
        bytes: emojiTgs(alt),
        attributes: [imageSize(STICKER_SIZE, STICKER_SIZE), sticker(animatedEmojiSet, alt), fileName("AnimatedSticker.tgs")],
      }),
    );
  }
  const videoDoc = docs.addDocument({
    mimeType: "video/mp4",
    bytes: video,
    attributes: [new Api.DocumentAttributeVideo({ supportsStreaming: true, duration: 2, w: 320, h: 240 }), fileName("video.mp4")],
  });
  const gifDoc = docs.addDocument({
    mimeType: "video/mp4",
    bytes: gif,
    attributes: [new Api.DocumentAttributeVideo({ duration: 1, w: 240, h: 240 }), new Api.DocumentAttributeAnimated(), fileName("animation.gif.mp4")],
  });
  const jpegDocument = docs.addDocument({ mimeType: "image/jpeg", bytes: jpegDoc, attributes: [imageSize(800, 600), fileName("picture.jpg")] });
  const pngDocument = docs.addDocument({ mimeType: "image/png", bytes: pngDoc, attributes: [imageSize(400, 300), fileName("picture.png")] });

  // The private chat with Alice: one message of every media kind, from both sides.
  const toAlice = { userId: alice.id };
  const fromAlice = (spec: Parameters<World["addMessage"]>[2]) => world.addMessage(alice.id, { userId: owner.id }, spec).id;
  const fromOwner = (spec: Parameters<World["addMessage"]>[2]) => world.addMessage(owner.id, toAlice, spec).id;
  const doc = (d: DocumentRecord) => ({ media: { kind: "document", documentId: d.id } as const });
  const star = "⭐";
  const aliceChat = {
    greeting: fromAlice({ text: "Hi! Here is everything I have." }),
    photoMessage: fromAlice({ text: "A photo", media: { kind: "photo", photoId: alicePhoto.id } }),
    videoMessage: fromAlice({ text: "A video", ...doc(videoDoc) }),
    staticStickerMessage: fromAlice(doc(staticSticker)),
    videoStickerMessage: fromAlice(doc(videoSticker)),
    animatedStickerMessage: fromOwner(doc(animatedSticker)),
    gifMessage: fromAlice(doc(gifDoc)),
    jpegDocumentMessage: fromAlice({ text: "As a file", ...doc(jpegDocument) }),
    pngDocumentMessage: fromOwner(doc(pngDocument)),
    customEmojiMessage: fromAlice({
      text: `Look ${star} here`,
      entities: [new Api.MessageEntityCustomEmoji({ offset: 5, length: star.length, documentId: long(customEmoji.id) })],
    }),
  };

  const friends = world.addGroup({ title: "Friends", memberIds: [alice.id, bob.id] });
  const inFriends = (from: bigint, text: string) => world.addMessage(from, { chatId: friends.id }, { text }).id;
  const friendsChat = {
    messages: [
      world.history({ chatId: friends.id })[0].id,
      inFriends(alice.id, "Hello everyone"),
      inFriends(bob.id, "Hi Alice"),
      inFriends(owner.id, "Welcome to Friends"),
    ],
  };

  const ids: SeededIds = {
    owner: owner.id,
    alice: alice.id,
    bob: bob.id,
    carol: carol.id,
    helperBot: helperBot.id,
    deletedUser: deletedUser.id,
    friends: friends.id,
    stickerSet: { id: stickerSet.id, accessHash: stickerSet.accessHash, shortName: stickerSet.shortName },
    emojiSet: { id: emojiSet.id, accessHash: emojiSet.accessHash, shortName: emojiSet.shortName },
    animatedEmojiSet: { id: animatedEmojiSet.id, accessHash: animatedEmojiSet.accessHash, shortName: animatedEmojiSet.shortName },
    photos: { aliceProfile: aliceProfile.id, aliceOwn: [aliceProfile.id, alicePrevious.id, aliceOldest.id], alicePhotoMessage: alicePhoto.id },
    documents: {
      staticSticker: staticSticker.id,
      animatedSticker: animatedSticker.id,
      videoSticker: videoSticker.id,
      video: videoDoc.id,
      gif: gifDoc.id,
      jpegDocument: jpegDocument.id,
      pngDocument: pngDocument.id,
      customEmoji: customEmoji.id,
      animatedCustomEmoji: animatedCustomEmoji.id,
      animatedEmojiCat: animatedEmojiCat.id,
    },
    aliceChat,
    friendsChat,
  };
  return Object.assign(world, { ids });
}
