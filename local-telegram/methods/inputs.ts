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

/** Who is calling: the logged-in user and the auth key (what access hashes it was given). */
export interface Caller {
  readonly userId: bigint;
  readonly authKeyId: bigint;
}

export function requireCaller(ctx: MethodContext): Caller {
  return { userId: requireUser(ctx), authKeyId: ctx.authKeyId };
}

/*
 * GramJS types request fields for the client's convenience (EntityLike: a
 * name, an id, an entity...); on the server they are always the decoded TL
 * objects, so these take `unknown` and narrow with instanceof.
 */

/**
 * The user an InputUser names. The access hash must be the user's and this
 * auth key must have been given it (see world/sessionPeers). `errorName` is
 * what the method answers otherwise: USER_ID_INVALID for most, PEER_ID_INVALID
 * or CONTACT_ID_INVALID for some (core.telegram.org's error lists).
 */
export function resolveInputUser(world: World, caller: Caller, input: unknown, errorName = "USER_ID_INVALID"): UserRecord {
  if (input instanceof Api.InputUserSelf) return world.users.require(caller.userId);
  if (input instanceof Api.InputUser) return userWithHash(world, caller, input.userId, input.accessHash, errorName);
  if (input instanceof Api.InputUserFromMessage) return userFromMessage(world, caller, input.peer, input.msgId, input.userId, errorName);
  throw badRequest(errorName);
}

/** The chat an InputPeer names, from the caller's side; PEER_ID_INVALID as Telegram answers. */
export function resolveInputPeer(world: World, caller: Caller, input: unknown): ChatRef {
  if (input instanceof Api.InputPeerSelf) return { userId: caller.userId };
  if (input instanceof Api.InputPeerUser) return { userId: userWithHash(world, caller, input.userId, input.accessHash, "PEER_ID_INVALID").id };
  if (input instanceof Api.InputPeerUserFromMessage) {
    return { userId: userFromMessage(world, caller, input.peer, input.msgId, input.userId, "PEER_ID_INVALID").id };
  }
  if (input instanceof Api.InputPeerChat) {
    const chat = world.chats.get(toBigint(input.chatId));
    if (!chat || !chat.memberIds.includes(caller.userId)) throw badRequest("PEER_ID_INVALID");
    return { chatId: chat.id };
  }
  throw badRequest("PEER_ID_INVALID");
}

function userWithHash(world: World, caller: Caller, rawId: Api.long, rawHash: Api.long, errorName: string): UserRecord {
  const user = world.users.get(toBigint(rawId));
  if (!user || user.accessHash !== toBigint(rawHash)) throw badRequest(errorName);
  // Yourself needs no hash you were given: getMe and the login hand it over anyway.
  if (user.id !== caller.userId && !world.sessionPeers.knows(caller.authKeyId, user.id)) throw badRequest(errorName);
  return user;
}

/** A user seen as the sender of a message in a chat the caller can name: how min users are reached. */
function userFromMessage(world: World, caller: Caller, peer: unknown, msgId: number, rawUserId: Api.long, errorName: string): UserRecord {
  const userId = toBigint(rawUserId);
  const chat = resolveInputPeer(world, caller, peer);
  const message = world.message(msgId, caller.userId);
  const inChat =
    message &&
    ("chatId" in chat ? message.peer.kind === "chat" && message.peer.id === chat.chatId : message.peer.kind === "user" && message.peer.id === chat.userId);
  const user = world.users.get(userId);
  if (!user || !inChat || message.fromId !== userId) throw badRequest(errorName);
  return user;
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
