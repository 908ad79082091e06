/**
 * Registers every API method the world implements. The protocol half calls
 * this once per server; methods without a handler answer
 * METHOD_NOT_IMPLEMENTED_<className> there.
 */
import type { MethodHandler, MethodRegistry, UpdateSink } from "../protocol/rpc";
import type { AuthKeySink } from "../protocol/updates";
import type { World } from "../world";
import { registerAuthMethods } from "./auth";
import { registerContactsMethods } from "./contacts";
import { registerDialogsMethods } from "./dialogs";
import { registerHelpMethods } from "./help";
import { registerMessagesMethods } from "./messages";
import { registerPhotosMethods } from "./photos";
import { registerStickersMethods } from "./stickers";
import { registerUpdatesMethods } from "./updates";
import { registerUploadMethods } from "./upload";
import { registerUsersMethods } from "./users";

export interface RegisterOptions {
  /** The DC these handlers answer for; default the world's own. A further DC pushes no updates of the world's. */
  dcId?: number;
}

/** `sink` may also reach connections not logged in yet (AuthKeySink): the QR login's updateLoginToken needs it. */
export function registerMethods(target: MethodRegistry, world: World, sink: UpdateSink & Partial<AuthKeySink>, opts: RegisterOptions = {}): void {
  if (opts.dcId === undefined || world.isHomeDc(opts.dcId)) world.attachSink(sink);
  const registry = givingPeers(target, world);
  registerHelpMethods(registry, world, opts.dcId);
  registerAuthMethods(registry, world, opts.dcId, sink.pushToAuthKey ? (sink as AuthKeySink) : undefined);
  registerUpdatesMethods(registry, world);
  registerUsersMethods(registry, world);
  registerContactsMethods(registry, world);
  registerMessagesMethods(registry, world);
  registerDialogsMethods(registry, world);
  registerStickersMethods(registry, world);
  registerUploadMethods(registry, world, opts.dcId);
  registerPhotosMethods(registry, world);
}

/**
 * Every answer's users count as given to the calling auth key (Telegram's
 * access-hash rule, world/sessionPeers): one wrapper here, so no handler can
 * forget. Pushed updates are counted where they are delivered (server.ts).
 */
function givingPeers(registry: MethodRegistry, world: World): MethodRegistry {
  return {
    on(className: string, handler: MethodHandler) {
      registry.on(className, async (request, ctx) => {
        const result = await handler(request, ctx);
        world.sessionPeers.giveFrom(ctx.authKeyId, result);
        return result;
      });
    },
  };
}
