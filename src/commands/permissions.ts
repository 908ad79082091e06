import type { Message } from "../telegram/types";

export type Caller = "owner" | "sudo";

/**
 * Who may have sent this message as a command, or undefined for "nobody we
 * take commands from". Forwarded messages and channel posts never count:
 * their text was written by someone else.
 */
export function callerOf(message: Message, ownerId: bigint, sudoIds: ReadonlySet<bigint>): Caller | undefined {
  if (message.forwarded || message.post || message.viaBot) return undefined;
  // In private chats Telegram may omit from_id: the sender is then the peer (incoming) or us (outgoing).
  const senderId =
    message.from?.kind === "user"
      ? message.from.id
      : message.from
        ? undefined
        : message.chat.kind === "user"
          ? message.out
            ? ownerId
            : message.chat.id
          : undefined;
  if (senderId === undefined) return undefined;
  if (message.out) return senderId === ownerId ? "owner" : undefined;
  if (senderId === ownerId) return "owner"; // sent from another of the owner's devices into a chat where out is unset
  return sudoIds.has(senderId) ? "sudo" : undefined;
}
