import type { Peer } from "./model";

/** Channels' and supergroups' Bot API ids are -(10^12 + id). */
const CHANNEL_OFFSET = 1000000000000n;

/** Bot API style chat id (Message.chatId): users positive, basic groups -id, channels -(10^12 + id). */
export function chatIdOf(peer: Peer): bigint {
  if (peer.kind === "user") return peer.id;
  if (peer.kind === "group") return -peer.id;
  return -CHANNEL_OFFSET - peer.id;
}

/** The chat a Bot API style id stands for: what a plugin that stored `message.chatId` passes back. */
export function peerOfChatId(chatId: bigint): Peer {
  if (chatId > 0n) return { kind: "user", id: chatId };
  if (chatId < -CHANNEL_OFFSET) return { kind: "channel", id: -chatId - CHANNEL_OFFSET };
  return { kind: "group", id: -chatId };
}
