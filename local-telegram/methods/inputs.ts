/**
 * Resolving what clients send (InputUser, InputPeer, InputFile) against the
 * world, with Telegram's errors for wrong ids and access hashes.
 */
import { Api } from "telegram";
import type { MethodContext } from "../protocol/rpc";
import { badRequest, unauthorized } from "../world/errors";
import type { ChatRef, World } from "../world";
import type { StickerSetRecord } from "../world/stickers";
import type { UserRecord } from "../world/users";
import type { InputFileRef } from "../world/uploads";
import { toBigint } from "../world/tl";

/**
 * Optional TL fields decoded from the wire are `null` when absent (GramJS's
 * reader), `undefined` when a request object was built in memory. Handlers
 * read every optional field through this so both mean "absent".
 */
export function present<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

/** The caller's user id; methods that need a login answer 401 before one, as Telegram does. */
export function requireUser(ctx: MethodContext): bigint {
  if (ctx.userId === undefined) throw unauthorized();
  return ctx.userId;
}

/*
 * GramJS types request fields for the client's convenience (EntityLike: a
 * name, an id, an entity...); on the server they are always the decoded TL
 * objects, so these take `unknown` and narrow with instanceof.
 */

/** The user an InputUser names, checking the access hash. `errorName` is USER_ID_INVALID or PEER_ID_INVALID depending on the method. */
export function resolveInputUser(world: World, viewer: bigint, input: unknown, errorName = "USER_ID_INVALID"): UserRecord {
  if (input instanceof Api.InputUserSelf) return world.users.require(viewer);
  if (input instanceof Api.InputUser) {
    const user = world.users.get(toBigint(input.userId));
    if (!user || user.accessHash !== toBigint(input.accessHash)) throw badRequest(errorName);
    return user;
  }
  if (input instanceof Api.InputUserFromMessage) {
    const user = world.users.get(toBigint(input.userId));
    if (!user) throw badRequest(errorName);
    return user;
  }
  throw badRequest(errorName);
}

/** The chat an InputPeer names, from the viewer's side. */
export function resolveInputPeer(world: World, viewer: bigint, input: unknown): ChatRef {
  if (input instanceof Api.InputPeerSelf) return { userId: viewer };
  if (input instanceof Api.InputPeerUser) {
    const user = world.users.get(toBigint(input.userId));
    if (!user || user.accessHash !== toBigint(input.accessHash)) throw badRequest("PEER_ID_INVALID");
    return { userId: user.id };
  }
  if (input instanceof Api.InputPeerUserFromMessage) {
    const user = world.users.get(toBigint(input.userId));
    if (!user) throw badRequest("PEER_ID_INVALID");
    return { userId: user.id };
  }
  if (input instanceof Api.InputPeerChat) {
    const chat = world.chats.get(toBigint(input.chatId));
    if (!chat || !chat.memberIds.includes(viewer)) throw badRequest("PEER_ID_INVALID");
    return { chatId: chat.id };
  }
  throw badRequest("PEER_ID_INVALID");
}

export function inputFileRef(input: unknown): InputFileRef {
  if (input instanceof Api.InputFile) {
    return { id: toBigint(input.id), parts: input.parts, name: input.name, md5Checksum: input.md5Checksum, big: false };
  }
  if (input instanceof Api.InputFileBig) {
    return { id: toBigint(input.id), parts: input.parts, name: input.name, big: true };
  }
  // InputFileStoryDocument and friends are not uploads.
  throw badRequest("FILE_PARTS_INVALID");
}

/** The short name of Telegram's animated-emoji set, the one InputStickerSetAnimatedEmoji stands for. */
export const ANIMATED_EMOJI_SET = "AnimatedEmojies";

/**
 * The sticker set an InputStickerSet names (by id and access hash, short name,
 * or the animated-emoji set), or STICKERSET_INVALID as Telegram answers.
 */
export function resolveStickerSet(world: World, wanted: unknown): StickerSetRecord {
  const set =
    wanted instanceof Api.InputStickerSetID
      ? world.stickerSets.get(toBigint(wanted.id))
      : wanted instanceof Api.InputStickerSetShortName
        ? world.stickerSets.findByShortName(wanted.shortName)
        : wanted instanceof Api.InputStickerSetAnimatedEmoji
          ? world.stickerSets.findByShortName(ANIMATED_EMOJI_SET)
          : undefined;
  if (!set || (wanted instanceof Api.InputStickerSetID && set.accessHash !== toBigint(wanted.accessHash))) throw badRequest("STICKERSET_INVALID");
  return set;
}
