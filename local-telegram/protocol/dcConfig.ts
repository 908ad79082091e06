/**
 * help.getConfig's answer for this data center. Only the server knows its
 * own address, and GramJS needs it: uploads and downloads open a second
 * sender to the DC named in `dcOptions`, and fail with "Cannot find the DC"
 * when the current DC is missing there. The limits are Telegram's values.
 */
import { Api } from "telegram";

const DAY_S = 24 * 60 * 60;

export function buildConfig(dcId: number, host: string, port: number, others: ReadonlyArray<{ dcId: number; host: string; port: number }> = []): Api.Config {
  const now = Math.floor(Date.now() / 1000);
  const option = (dc: { dcId: number; host: string; port: number }, mediaOnly: boolean): Api.DcOption =>
    new Api.DcOption({ id: dc.dcId, ipAddress: dc.host, port: dc.port, mediaOnly: mediaOnly || undefined });
  const all = [{ dcId, host, port }, ...others.filter((dc) => dc.dcId !== dcId)];
  return new Api.Config({
    date: now,
    expires: now + DAY_S,
    testMode: false,
    thisDc: dcId,
    dcOptions: all.flatMap((dc) => [option(dc, false), option(dc, true)]),
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
    editTimeLimit: 2 * DAY_S,
    revokeTimeLimit: 2 * DAY_S,
    revokePmTimeLimit: 2 * DAY_S,
    ratingEDecay: 2_419_200,
    stickersRecentLimit: 200,
    channelsReadMediaPeriod: 7 * DAY_S,
    callReceiveTimeoutMs: 20_000,
    callRingTimeoutMs: 90_000,
    callConnectTimeoutMs: 30_000,
    callPacketTimeoutMs: 10_000,
    meUrlPrefix: "https://t.me/",
    captionLengthMax: 1024,
    messageLengthMax: 4096,
    webfileDcId: dcId,
  });
}
