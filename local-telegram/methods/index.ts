/**
 * Registers every API method the world implements. The protocol half calls
 * this once per server; methods without a handler answer
 * METHOD_NOT_IMPLEMENTED_<className> there.
 */
import type { MethodRegistry, UpdateSink } from "../protocol/rpc";
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

export function registerMethods(registry: MethodRegistry, world: World, sink: UpdateSink, opts: RegisterOptions = {}): void {
  if (opts.dcId === undefined || world.isHomeDc(opts.dcId)) world.attachSink(sink);
  registerHelpMethods(registry, world, opts.dcId);
  registerAuthMethods(registry, world, opts.dcId);
  registerUpdatesMethods(registry, world);
  registerUsersMethods(registry, world);
  registerContactsMethods(registry, world);
  registerMessagesMethods(registry, world);
  registerStickersMethods(registry, world);
  registerUploadMethods(registry, world, opts.dcId);
  registerPhotosMethods(registry, world);
}
