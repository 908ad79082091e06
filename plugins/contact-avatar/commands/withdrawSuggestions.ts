/**
 * `.suggestpfp --withdraw`: a suggestion is a service message in the private
 * chat (messageActionSuggestProfilePhoto); withdrawing it is deleting that
 * message for both sides, as Telegram's apps do.
 */
import type { Message, Peer, Telegram } from "contact-userbot/sdk";
import type { Target } from "../targets";
import { counted } from "./utcTime";

/** Messages read per history page (Telegram's most). */
const PAGE = 100;
/** How far back the chat is searched: suggestions are rare, chats can be long. */
export const WITHDRAW_SCAN_LIMIT = 3000;
/** Ids per messages.deleteMessages call (Telegram's most). */
const DELETE_BATCH = 100;

/** Deletes the owner's suggestions in the chat with `target`; returns the answer's line. */
export async function withdrawSuggestions(telegram: Telegram, target: Target, scanLimit = WITHDRAW_SCAN_LIMIT): Promise<string> {
  const chat: Peer = { kind: "user", id: target.user.id };
  const { ids, complete } = await findSuggestions(telegram, chat, scanLimit);
  for (let i = 0; i < ids.length; i += DELETE_BATCH) await telegram.messages.delete(chat, ids.slice(i, i + DELETE_BATCH));
  const searched = complete ? "" : ` (searched the latest ${scanLimit} messages)`;
  if (ids.length === 0) return `${target.name} has no suggestion from you to withdraw${searched}.`;
  return `Withdrew ${counted(ids.length, "suggestion")} to ${target.name}${searched}.`;
}

/** The owner's suggestion messages, newest first, and whether the whole chat was read. */
async function findSuggestions(telegram: Telegram, chat: Peer, scanLimit: number): Promise<{ ids: number[]; complete: boolean }> {
  const ids: number[] = [];
  let read = 0;
  let offsetId: number | undefined;
  while (read < scanLimit) {
    const limit = Math.min(PAGE, scanLimit - read);
    const page = await telegram.messages.history(chat, { limit, ...(offsetId ? { offsetId } : {}) });
    read += page.length;
    ids.push(...page.filter(isOwnSuggestion).map((m) => m.id));
    // A short page is the chat's beginning.
    if (page.length < limit) return { ids, complete: true };
    offsetId = Math.min(...page.map((m) => m.id));
  }
  return { ids, complete: false };
}

function isOwnSuggestion(message: Message): boolean {
  return message.service && message.out && message.suggestedPhoto !== undefined;
}
