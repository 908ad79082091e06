/** help.*: what GramJS asks on every connect. */
import { Api } from "telegram";
import { buildConfig } from "../protocol/dcConfig";
import type { MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";

/** `dcId`: the DC these handlers answer for (default the world's own). */
export function registerHelpMethods(registry: MethodRegistry, world: World, dcId?: number): void {
  // GramJS reads dc_options to find where to upload and download: without
  // this DC at its real address, uploadFile fails with "Cannot find the DC".
  registry.on("help.GetConfig", () => {
    // thisDc is the DC answering; every DC of the world is listed, so clients find media kept elsewhere.
    const here = (dcId !== undefined && world.dcs.get(dcId)) || world.dc;
    return buildConfig(here.dcId, here.host, here.port, [...world.dcs.values()]);
  });

  registry.on("help.GetNearestDc", () => new Api.NearestDc({ country: "US", thisDc: world.dc.dcId, nearestDc: world.dc.dcId }));
}
