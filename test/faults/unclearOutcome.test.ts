/**
 * Unclear outcomes (issue 10): Telegram's 500 is retried once and never shown
 * as "(ref …)" (failure 11a), and a suggestion whose call got no answer in
 * time is not sent twice: not when the owner repeats the command, and not by
 * GramJS resending it after a reconnect. The real host
 * and GramJS against the local server; request timeouts on a ManualClock.
 */
import { startSeededHost, type SeededHost } from "../../local-telegram/runningHost";
import { ManualClock } from "../../src/telegram/manualClock";

const TIMEOUT_S = 30;

describe("unclear outcomes of contact-photo calls", () => {
  let host: SeededHost;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(Date.now());
    host = await startSeededHost({ plugins: ["contact-avatar"], clock, telegram: { floodSleepThreshold: 60, requestTimeoutSeconds: TIMEOUT_S } });
    host.running.telegram.pipeline.onRetry((_method, _err, pauseMs) => setImmediate(() => clock.advance(pauseMs)));
  });
  afterAll(() => host?.stop());
  afterEach(() => host.dc.faults.clear());

  const alice = () => ({ userId: host.world.ids.alice });
  const suggestions = () => host.world.photoState(host.world.ids.alice).suggested.length;
  async function command(text: string) {
    const sent = host.world.ownerSends(alice(), { text, replyTo: host.world.ids.aliceChat.photoMessage });
    await host.running.handled(sent.id, 20000);
    return host.world.message(sent.id)?.text ?? "";
  }

  it("should retry one INTERNAL_SERVER_ERROR of photos.uploadContactProfilePhoto and report the photo set, not a ref", async () => {
    const before = host.world.photoState(host.world.ids.alice).personal?.id;
    host.dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { rpcError: [500, "INTERNAL_SERVER_ERROR"] } });
    const text = await command(".setpfp");
    expect(text).toMatch(/^Personal photo set for Alice Liddell/);
    expect(text).not.toMatch(/ref /);
    expect(host.world.photoState(host.world.ids.alice).personal?.id).not.toBe(before);
    expect(
      host.dc.calls
        .of("photos.UploadContactProfilePhoto")
        .slice(-2)
        .map((c) => c.error ?? c.result),
    ).toEqual(["500 INTERNAL_SERVER_ERROR", "photos.Photo"]);
  });

  it("should not send a second suggestion when the first one's outcome was unclear and it did reach the chat", async () => {
    const { dc } = host;
    const before = suggestions();
    // Applied, but the answer is lost; and the look in the chat right after gets no answer either.
    dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { lostAnswer: true } });
    dc.faults.add({ method: "messages.GetHistory", nth: 2, action: { noAnswer: true } });
    const since = dc.calls.length;
    const first = host.world.ownerSends(alice(), { text: ".suggestpfp", replyTo: host.world.ids.aliceChat.photoMessage });
    await dc.waitForCall("photos.UploadContactProfilePhoto", { since, predicate: (c) => c.done });
    clock.advance(TIMEOUT_S * 1000 + 1);
    await dc.waitForCall("messages.GetHistory", { since, predicate: (c) => c.error === "no answer (fault)" });
    clock.advance(TIMEOUT_S * 1000 + 1);
    await host.running.handled(first.id, 20000);
    expect(host.world.message(first.id)?.text).toBe(
      "Telegram did not answer in time, and I could not check whether the suggestion went through: it may or may not have been sent (look in your chat with them). Sending the command again checks the chat first, so they do not get two.",
    );
    expect(suggestions()).toBe(before + 1);

    const calls = dc.calls.count("photos.UploadContactProfilePhoto");
    expect(await command(".suggestpfp")).toBe(
      "Photo suggested to Alice Liddell already: your earlier attempt's suggestion reached the chat, so no second one was sent.",
    );
    expect(suggestions()).toBe(before + 1);
    expect(dc.calls.count("photos.UploadContactProfilePhoto")).toBe(calls);

    // Once told, the owner may suggest it again on purpose.
    expect(await command(".suggestpfp")).toMatch(/^Photo suggested to Alice Liddell: a suggestion message was sent/);
    expect(suggestions()).toBe(before + 2);
  });

  it("should report a suggestion as sent when its answer is lost but the chat shows it", async () => {
    const before = suggestions();
    host.dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { lostAnswer: true } });
    const since = host.dc.calls.length;
    const sent = host.world.ownerSends(alice(), { text: ".suggestpfp", replyTo: host.world.ids.aliceChat.photoMessage });
    await host.dc.waitForCall("photos.UploadContactProfilePhoto", { since, predicate: (c) => c.done });
    clock.advance(TIMEOUT_S * 1000 + 1);
    await host.running.handled(sent.id, 20000);
    expect(host.world.message(sent.id)?.text).toMatch(/^Photo suggested to Alice Liddell: a suggestion message was sent/);
    expect(suggestions()).toBe(before + 1);
  });

  it("should not let GramJS resend a suggestion after the connection dropped once it was applied", async () => {
    const before = suggestions();
    host.dc.faults.add({ method: "photos.UploadContactProfilePhoto", action: { drop: "applied" } });
    const since = host.dc.calls.length;
    // GramJS reconnects by itself; a resend under the new session would be a second suggestion.
    expect(await command(".suggestpfp")).toMatch(/^Photo suggested to Alice Liddell: a suggestion message was sent/);
    expect(suggestions()).toBe(before + 1);
    expect(host.dc.calls.all.slice(since).filter((c) => c.method === "photos.UploadContactProfilePhoto")).toHaveLength(1);
  });
});
