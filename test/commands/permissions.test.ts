import { callerOf } from "../../src/commands/permissions";
import type { Message, Peer } from "../../src/telegram/model";
import { channelPeer, groupPeer, ownedMessage, userPeer } from "../fixtures/owned";

const OWNER = 100n;
const SUDO = 200n;
const STRANGER = 300n;
const SUDO_IDS: ReadonlySet<bigint> = new Set([SUDO]);

const user = (id: bigint): Peer => userPeer(id);
const group = groupPeer(555);
const supergroup = channelPeer(777);

/** The fields as Telegram names them (peerId, fromId) read as the project's Message (chat, from). */
function message(fields: Partial<Message> & { peerId?: Peer; fromId?: Peer }): Message {
  const { peerId, fromId, ...rest } = fields;
  return ownedMessage({ chat: peerId ?? user(SUDO), text: ".ping", ...(fromId ? { from: fromId } : {}), ...rest });
}

describe("callerOf", () => {
  it("should take the owner's outgoing message in a private chat (no fromId)", () => {
    expect(callerOf(message({ out: true, peerId: user(STRANGER) }), OWNER, SUDO_IDS)).toBe("owner");
  });

  it("should take the owner's outgoing message in a group (fromId is the owner)", () => {
    expect(callerOf(message({ out: true, peerId: supergroup, fromId: user(OWNER) }), OWNER, SUDO_IDS)).toBe("owner");
  });

  it("should take the owner's message in Saved Messages", () => {
    expect(callerOf(message({ out: true, peerId: user(OWNER) }), OWNER, SUDO_IDS)).toBe("owner");
    // Saved Messages as seen from another device: not flagged out, the peer is the owner
    expect(callerOf(message({ out: false, peerId: user(OWNER) }), OWNER, SUDO_IDS)).toBe("owner");
  });

  it("should take the owner's message from another device in a group where out is unset", () => {
    expect(callerOf(message({ out: false, peerId: group, fromId: user(OWNER) }), OWNER, SUDO_IDS)).toBe("owner");
  });

  it("should take a sudo user's incoming message in a private chat (no fromId)", () => {
    expect(callerOf(message({ out: false, peerId: user(SUDO) }), OWNER, SUDO_IDS)).toBe("sudo");
  });

  it("should take a sudo user's message in a group and in a supergroup (fromId PeerUser)", () => {
    expect(callerOf(message({ peerId: group, fromId: user(SUDO) }), OWNER, SUDO_IDS)).toBe("sudo");
    expect(callerOf(message({ peerId: supergroup, fromId: user(SUDO) }), OWNER, SUDO_IDS)).toBe("sudo");
  });

  it("should ignore a stranger, in a private chat and in a group", () => {
    expect(callerOf(message({ peerId: user(STRANGER) }), OWNER, SUDO_IDS)).toBeUndefined();
    expect(callerOf(message({ peerId: group, fromId: user(STRANGER) }), OWNER, SUDO_IDS)).toBeUndefined();
  });

  it("should ignore a sudo user once they are no longer in the list", () => {
    expect(callerOf(message({ peerId: user(SUDO) }), OWNER, new Set())).toBeUndefined();
  });

  it("should ignore a message the owner forwarded (its text is someone else's)", () => {
    expect(callerOf(message({ out: true, peerId: user(OWNER), forwarded: true }), OWNER, SUDO_IDS)).toBeUndefined();
  });

  it("should ignore a sudo user's forward of the owner's own command", () => {
    expect(callerOf(message({ peerId: user(SUDO), forwarded: true }), OWNER, SUDO_IDS)).toBeUndefined();
  });

  it("should ignore a channel post, even one the owner wrote", () => {
    expect(callerOf(message({ out: true, post: true, peerId: supergroup }), OWNER, SUDO_IDS)).toBeUndefined();
  });

  it("should ignore a message sent as a channel (fromId PeerChannel), even when outgoing", () => {
    const asChannel = channelPeer(999);
    expect(callerOf(message({ peerId: supergroup, fromId: asChannel }), OWNER, SUDO_IDS)).toBeUndefined();
    expect(callerOf(message({ out: true, peerId: supergroup, fromId: asChannel }), OWNER, SUDO_IDS)).toBeUndefined();
  });

  it("should ignore a message sent via an inline bot", () => {
    expect(callerOf(message({ out: true, peerId: user(OWNER), viaBot: true }), OWNER, SUDO_IDS)).toBeUndefined();
    expect(callerOf(message({ peerId: group, fromId: user(SUDO), viaBot: true }), OWNER, SUDO_IDS)).toBeUndefined();
  });

  it("should ignore a group message without a sender", () => {
    expect(callerOf(message({ peerId: supergroup }), OWNER, SUDO_IDS)).toBeUndefined();
  });

  it("should not take an outgoing message whose sender is someone else", () => {
    expect(callerOf(message({ out: true, peerId: group, fromId: user(SUDO) }), OWNER, SUDO_IDS)).toBeUndefined();
  });

  it("should compare ids beyond 2^53 exactly", () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1: a Number would round it to 2^53
    const near = 9_007_199_254_740_992n;
    expect(callerOf(message({ peerId: user(big) }), OWNER, new Set([big]))).toBe("sudo");
    expect(callerOf(message({ peerId: user(big) }), OWNER, new Set([near]))).toBeUndefined();
  });
});
