/** help.*: what GramJS asks on every connect. */
import { Api } from "telegram";
import type { MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";
import { nowSeconds } from "../world/tl";

export function registerHelpMethods(registry: MethodRegistry, world: World): void {
  // GramJS reads dc_options to find where to upload and download: without
  // this DC at its real address, uploadFile fails with "Cannot find the DC".
  registry.on("help.GetConfig", () => {
    const now = nowSeconds();
    return new Api.Config({
      date: now,
      expires: now + 3600,
      testMode: false,
      thisDc: world.dc.dcId,
      dcOptions: [new Api.DcOption({ id: world.dc.dcId, ipAddress: world.dc.host, port: world.dc.port })],
      dcTxtDomainName: "localhost",
      chatSizeMax: 200,
      megagroupSizeMax: 200_000,
      forwardedCountMax: 100,
      onlineUpdatePeriodMs: 210_000,
      offlineBlurTimeoutMs: 5_000,
      offlineIdleTimeoutMs: 30_000,
      onlineCloudTimeoutMs: 300_000,
      notifyCloudDelayMs: 30_000,
      notifyDefaultDelayMs: 1_500,
      pushChatPeriodMs: 60_000,
      pushChatLimit: 2,
      editTimeLimit: 172_800,
      revokeTimeLimit: 172_800,
      revokePmTimeLimit: 2_147_483_647,
      ratingEDecay: 2_419_200,
      stickersRecentLimit: 200,
      channelsReadMediaPeriod: 604_800,
      callReceiveTimeoutMs: 20_000,
      callRingTimeoutMs: 90_000,
      callConnectTimeoutMs: 30_000,
      callPacketTimeoutMs: 10_000,
      meUrlPrefix: "https://t.me/",
      captionLengthMax: 1024,
      messageLengthMax: 4096,
      webfileDcId: world.dc.dcId,
    });
  });

  registry.on("help.GetNearestDc", () => new Api.NearestDc({ country: "US", thisDc: world.dc.dcId, nearestDc: world.dc.dcId }));
}
