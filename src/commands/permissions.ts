import { Api } from "telegram";

export type Caller = "owner" | "sudo";

/**
 * Who may have sent this message as a command, or undefined for "nobody we
 * take commands from". Forwarded messages and channel posts never count:
 * their text was written by someone else.
 */
export function callerOf(message: Api.Message, ownerId: bigint, sudoIds: ReadonlySet<bigint>): Caller | undefined {
  if (message.fwdFrom || message.post || message.viaBotId) return undefined;
  const fromId = message.fromId;
  // In private chats Telegram may omit from_id: the sender is then the peer (incoming) or us (outgoing).
  const senderId =
    fromId instanceof Api.PeerUser ? BigInt(fromId.userId.toString())
    : fromId ? undefined
    : message.peerId instanceof Api.PeerUser ? (message.out ? ownerId : BigInt(message.peerId.userId.toString()))
    : undefined;
  if (senderId === undefined) return undefined;
  if (message.out) return senderId === ownerId ? "owner" : undefined;
  if (senderId === ownerId) return "owner"; // sent from another of the owner's devices into a chat where out is unset
  return sudoIds.has(senderId) ? "sudo" : undefined;
}
