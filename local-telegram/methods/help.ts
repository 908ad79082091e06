/** help.*: what GramJS asks on every connect. */
import { Api } from "telegram";
import { buildConfig } from "../protocol/dcConfig";
import type { MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";

export function registerHelpMethods(registry: MethodRegistry, world: World): void {
  // GramJS reads dc_options to find where to upload and download: without
  // this DC at its real address, uploadFile fails with "Cannot find the DC".
  registry.on("help.GetConfig", () => buildConfig(world.dc.dcId, world.dc.host, world.dc.port));

  registry.on("help.GetNearestDc", () => new Api.NearestDc({ country: "US", thisDc: world.dc.dcId, nearestDc: world.dc.dcId }));
}
