/**
 * Outcomes told truthfully (issue 10, failure 1): what a command did is
 * decided before its answer is written, and a failure to write the answer
 * (a flood wait on the edit, the command message deleted) is never shown as
 * the command's failure. The real host and GramJS against the local server.
 */
import { startSeededHost, type RunningHost, type SeededHost } from "../../../../local-telegram/runningHost";
import type { TestDc } from "../../../../local-telegram/server";
import type { SeededWorld } from "../../../../local-telegram/world";

describe("answers that cannot be written", () => {
  let seeded: SeededHost;
  let world: SeededWorld;
  let dc: TestDc;
  let running: RunningHost;

  beforeAll(async () => {
    seeded = await startSeededHost({ plugins: ["contact-avatar"] });
    ({ world, dc, running } = seeded);
  });
  afterAll(() => seeded?.stop());
  afterEach(() => dc.faults.clear());

  const aliceChat = () => ({ userId: world.ids.alice });

  /** Sends `text` as the owner; resolves with the command message and the replies to it, once handled. */
  async function run(text: string, replyTo?: number) {
    const sent = world.ownerSends(aliceChat(), { text, replyTo });
    await running.handled(sent.id, 20000);
    const replies = world.history(aliceChat()).filter((m) => m.replyToId === sent.id && m.out && !m.action);
    return { own: world.message(sent.id)?.text, replies: replies.map((m) => m.text) };
  }

  /** Every edit is refused with a long flood wait (GramJS's own sleep is off in tests). */
  const editsFlooded = () => dc.faults.add({ method: "messages.EditMessage", times: Infinity, action: { rpcError: [420, "FLOOD_WAIT_3600"] } });

  // First: after the flood waits below, the request pipeline rightly sends no edit for an hour.
  it("should send the answer as a new message when the command message was deleted", async () => {
    // A personal photo to remove: .resetpfp with none set answers without calling Telegram.
    world.setPersonalPhoto(world.ownerId, world.ids.alice, world.ids.photos.alicePhotoMessage);
    dc.faults.add({ method: "messages.EditMessage", times: Infinity, action: { rpcError: [400, "MESSAGE_ID_INVALID"] } });
    const sent = world.ownerSends(aliceChat(), { text: ".resetpfp" });
    await running.handled(sent.id, 20000);
    const after = world.history(aliceChat()).filter((m) => m.id > sent.id && m.out);
    expect(after.map((m) => [m.text, m.replyToId])).toEqual([["Personal photo removed for Alice Liddell: you see their own photo again.", undefined]]);
  });

  it("should report a sent suggestion as sent when the answer edit meets a flood wait, and send it once", async () => {
    const before = world.photoState(world.ids.alice).suggested.length;
    editsFlooded();
    const { replies } = await run(".suggestpfp", world.ids.aliceChat.photoMessage);
    expect(world.photoState(world.ids.alice).suggested.length).toBe(before + 1);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^Photo suggested to Alice Liddell: a suggestion message was sent/);
    expect(running.logs.some((l) => /could not edit the answer \(Telegram asks to wait \d+ s\); sent it as a new message/.test(l))).toBe(true);
  });

  it("should report a set photo as set when the answer edit meets a flood wait", async () => {
    editsFlooded();
    const calls = world.contactPhotoCalls.length;
    const { replies } = await run(".setpfp", world.ids.aliceChat.photoMessage);
    expect(world.contactPhotoCalls.slice(calls).filter((c) => !c.error)).toHaveLength(1);
    expect(world.photoState(world.ids.alice).personal).toBeDefined();
    expect(replies).toEqual([expect.stringMatching(/^Personal photo set for Alice Liddell/)]);
  });

  it("should report a reset as done when the answer edit meets a flood wait", async () => {
    editsFlooded();
    const { replies } = await run(".resetpfp");
    expect(world.photoState(world.ids.alice).personal).toBeUndefined();
    expect(replies).toEqual(["Personal photo removed for Alice Liddell: you see their own photo again."]);
  });
});
