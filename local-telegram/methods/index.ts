/**
 * Registers every API method the world implements. The protocol half calls
 * this once per server; methods without a handler answer
 * METHOD_NOT_IMPLEMENTED_<className> there.
 */
import type { MethodRegistry, UpdateSink } from "../protocol/rpc";
import type { AuthKeySink } from "../protocol/updates";
import type { World } from "../world";
import { registerAuthMethods } from "./auth";
import { registerContactsMethods } from "./contacts";
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
export function registerMethods(registry: MethodRegistry, world: World, sink: UpdateSink & Partial<AuthKeySink>, opts: RegisterOptions = {}): void {
  if (opts.dcId === undefined || world.isHomeDc(opts.dcId)) world.attachSink(sink);
  registerHelpMethods(registry, world, opts.dcId);
  registerAuthMethods(registry, world, opts.dcId, sink.pushToAuthKey ? (sink as AuthKeySink) : undefined);
  registerUpdatesMethods(registry, world);
  registerUsersMethods(registry, world);
  registerContactsMethods(registry, world);
  registerMessagesMethods(registry, world);
  registerStickersMethods(registry, world);
  registerUploadMethods(registry, world, opts.dcId);
  registerPhotosMethods(registry, world);
}
