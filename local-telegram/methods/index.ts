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

export function registerMethods(registry: MethodRegistry, world: World, sink: UpdateSink): void {
  world.attachSink(sink);
  registerHelpMethods(registry, world);
  registerAuthMethods(registry, world);
  registerUpdatesMethods(registry, world);
  registerUsersMethods(registry, world);
  registerContactsMethods(registry, world);
  registerMessagesMethods(registry, world);
  registerStickersMethods(registry, world);
  registerUploadMethods(registry, world);
  registerPhotosMethods(registry, world);
}
