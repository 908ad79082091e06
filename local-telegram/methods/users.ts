/** users.*: getMe and full profiles, with the personal / own / fallback photos. */
import { Api } from "telegram";
import { RpcError, type MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";
import { renderPhoto, renderUser } from "../world/render";
import { long } from "../world/tl";
import { requireCaller, resolveInputUser } from "./inputs";

export function registerUsersMethods(registry: MethodRegistry, world: World): void {
  // Telegram leaves out the ids it cannot resolve instead of failing the whole call.
  registry.on("users.GetUsers", (request: Api.users.GetUsers, ctx) => {
    const caller = requireCaller(ctx);
    return request.id.flatMap((input) => {
      try {
        return [renderUser(world, caller.userId, resolveInputUser(world, caller, input))];
      } catch (error) {
        if (error instanceof RpcError) return [];
        throw error;
      }
    });
  });

  registry.on("users.GetFullUser", (request: Api.users.GetFullUser, ctx) => {
    const caller = requireCaller(ctx);
    const viewer = caller.userId;
    const user = resolveInputUser(world, caller, request.id);
    const photo = (id: bigint | undefined) => {
      const record = id === undefined ? undefined : world.media.photos.get(id);
      return record ? renderPhoto(world, record) : undefined;
    };
    const commonChats = [...world.chats.values()].filter((c) => c.memberIds.includes(viewer) && c.memberIds.includes(user.id));
    return new Api.users.UserFull({
      fullUser: new Api.UserFull({
        id: long(user.id),
        settings: new Api.PeerSettings({}),
        personalPhoto: photo(world.account(viewer).personalPhotos.get(user.id)),
        profilePhoto: photo(user.profilePhotoId),
        fallbackPhoto: photo(user.fallbackPhotoId),
        notifySettings: new Api.PeerNotifySettings({}),
        commonChatsCount: user.id === viewer ? 0 : commonChats.length,
      }),
      chats: [],
      users: [renderUser(world, viewer, user)],
    });
  });
}
