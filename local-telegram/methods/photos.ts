/**
 * photos.uploadContactProfilePhoto, as described in
 * shared/docs/telegram-contact-photos.md: personal photos (`save` + media),
 * resetting them (`save` alone) and suggestions (`suggest` + media). Also
 * photos.uploadProfilePhoto (the caller's own photo, or their public
 * fallback photo), which counts against the same avatar rate limit.
 */
import { Api } from "telegram";
import { RpcError, type MethodRegistry } from "../protocol/rpc";
import type { ContactPhotoCall, World } from "../world";
import { badRequest } from "../world/errors";
import { renderPhoto, renderUser } from "../world/render";
import { long, toBigint } from "../world/tl";
import { avatarPhotoFrom, countAvatarMedia, type AvatarMediaInput } from "./avatarMedia";
import { present, requireCaller, requireUser, resolveInputUser, type Caller } from "./inputs";

export function registerPhotosMethods(registry: MethodRegistry, world: World): void {
  registry.on("photos.UploadContactProfilePhoto", async (request: Api.photos.UploadContactProfilePhoto, ctx) => {
    const caller = requireCaller(ctx);
    const callerId = caller.userId;
    const call: ContactPhotoCall = {
      callerId,
      save: Boolean(request.save),
      suggest: Boolean(request.suggest),
      videoStartTs: present(request.videoStartTs),
      emojiMarkup: present(request.videoEmojiMarkup),
      at: new Date(),
    };
    world.contactPhotoCalls.push(call);
    try {
      return await uploadContactProfilePhoto(world, caller, request, call);
    } catch (error) {
      if (error instanceof RpcError) call.error = error.errorMessage;
      throw error;
    }
  });

  registry.on("photos.GetUserPhotos", (request: Api.photos.GetUserPhotos, ctx) => {
    const caller = requireCaller(ctx);
    const user = resolveInputUser(world, caller, request.userId);
    const page = userPhotosPage(world.ownPhotos(user.id), { offset: request.offset, maxId: toBigint(request.maxId), limit: request.limit });
    const payload = { photos: page.photos.map((p) => renderPhoto(world, p)), users: [renderUser(world, caller.userId, user)] };
    return page.photos.length === page.total ? new Api.photos.Photos(payload) : new Api.photos.PhotosSlice({ ...payload, count: page.total });
  });

  registry.on("photos.UploadProfilePhoto", async (request: Api.photos.UploadProfilePhoto, ctx) => {
    const callerId = requireUser(ctx);
    const media: AvatarMediaInput = {
      file: present(request.file),
      video: present(request.video),
      videoStartTs: present(request.videoStartTs),
      videoEmojiMarkup: present(request.videoEmojiMarkup),
    };
    if (countAvatarMedia(media) === 0) throw badRequest("PHOTO_FILE_MISSING");
    world.avatarRateLimit?.check(callerId);
    const { photo } = await avatarPhotoFrom(world, callerId, media);
    const me = world.users.require(callerId);
    if (request.fallback) me.fallbackPhotoId = photo.id;
    else world.makeOwnPhoto(callerId, photo);
    world.avatarRateLimit?.record(callerId);
    return new Api.photos.Photo({ photo: renderPhoto(world, photo), users: [renderUser(world, callerId, me)] });
  });
}

/** Telegram's cap on photos.getUserPhotos' limit. */
const MAX_USER_PHOTOS = 100;

/**
 * A user's own photos, newest first (ids grow with time): keep ids below
 * `max_id` (when positive), skip `offset` (may be negative: with max_id = X,
 * offset -1 and limit 1 fetch photo X itself, as the file-reference docs
 * describe), take `limit`. The full list is photos.photos; a part of it is
 * photos.photosSlice with the total count.
 */
export function userPhotosPage<T extends { id: bigint }>(
  newestFirst: T[],
  request: { offset: number; maxId: bigint; limit: number },
): { photos: T[]; total: number } {
  if (request.maxId < 0n) throw badRequest("MAX_ID_INVALID");
  let start = request.maxId > 0n ? newestFirst.findIndex((p) => p.id < request.maxId) : 0;
  if (start < 0) start = newestFirst.length;
  start = Math.max(0, start + request.offset);
  const limit = Math.min(Math.max(request.limit, 0), MAX_USER_PHOTOS);
  return { photos: newestFirst.slice(start, start + limit), total: newestFirst.length };
}

async function uploadContactProfilePhoto(
  world: World,
  caller: Caller,
  request: Api.photos.UploadContactProfilePhoto,
  call: ContactPhotoCall,
): Promise<Api.photos.Photo> {
  const callerId = caller.userId;
  if (!request.save && !request.suggest) throw badRequest("NEED_ACTION_MISSING");
  const user = resolveInputUser(world, caller, request.userId);
  call.userId = user.id;
  if (user.id === callerId || user.bot) throw badRequest("USER_ID_INVALID");
  if (user.deleted) throw badRequest("INPUT_USER_DEACTIVATED");
  const media: AvatarMediaInput = {
    file: present(request.file),
    video: present(request.video),
    videoStartTs: present(request.videoStartTs),
    videoEmojiMarkup: present(request.videoEmojiMarkup),
  };
  const mediaCount = countAvatarMedia(media);
  const limiter = world.avatarRateLimit;
  const users = () => [renderUser(world, callerId, user)];

  // TDLib sends `suggest` alone for suggestions; if both flags come, the suggestion is what the caller asked for.
  if (request.suggest) {
    if (mediaCount === 0) throw badRequest("PHOTO_FILE_MISSING");
    limiter?.check(callerId);
    const { photo, file, video } = await avatarPhotoFrom(world, callerId, media);
    Object.assign(call, { file, video, photoId: photo.id } satisfies Partial<ContactPhotoCall>);
    const copies = world.deliver(callerId, { userId: user.id }, { action: { kind: "suggestProfilePhoto", photoId: photo.id } });
    // The answer carries only the photo, so the service message reaches every session, the caller's included.
    world.pushNewMessages(copies, "full");
    limiter?.record(callerId);
    return new Api.photos.Photo({ photo: renderPhoto(world, photo), users: users() });
  }

  if (mediaCount === 0) {
    limiter?.check(callerId);
    world.setPersonalPhoto(callerId, user.id, undefined);
    limiter?.record(callerId);
    return new Api.photos.Photo({ photo: new Api.PhotoEmpty({ id: long(0n) }), users: users() });
  }

  if (!world.isContact(callerId, user.id)) throw badRequest("CONTACT_MISSING");
  limiter?.check(callerId);
  const { photo, file, video } = await avatarPhotoFrom(world, callerId, media);
  Object.assign(call, { file, video, photoId: photo.id } satisfies Partial<ContactPhotoCall>);
  world.setPersonalPhoto(callerId, user.id, photo.id);
  limiter?.record(callerId);
  return new Api.photos.Photo({ photo: renderPhoto(world, photo), users: users() });
}
