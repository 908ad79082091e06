/**
 * messages.getDialogs: the caller's chats, the one with the newest message
 * first, each with its top message; the users and chats they mention come
 * along (and so count as given to the session: the access-hash rule). How a
 * client learns the people it talks to without a username or contact entry.
 */
import { Api } from "telegram";
import type { MethodRegistry } from "../protocol/rpc";
import type { ChatRef, World } from "../world";
import type { StoredMessage } from "../world/messages";
import { entitiesOf, renderMessage } from "../world/render";
import { peerChat, peerUser } from "../world/tl";
import { requireCaller } from "./inputs";

const MAX_DIALOGS = 100;

export function registerDialogsMethods(registry: MethodRegistry, world: World): void {
  registry.on("messages.GetDialogs", (request: Api.messages.GetDialogs, ctx) => {
    const caller = requireCaller(ctx);
    const all = dialogsOf(world, caller.userId);
    const page = dialogsPage(all, { offsetId: request.offsetId, offsetDate: request.offsetDate, limit: request.limit });
    const payload = {
      dialogs: page.map(({ top }) => dialogOf(top)),
      messages: page.map(({ top }) => renderMessage(world, top)),
      ...entitiesOf(
        world,
        caller.userId,
        page.map(({ top }) => top),
      ),
    };
    return page.length === all.length ? new Api.messages.Dialogs(payload) : new Api.messages.DialogsSlice({ ...payload, count: all.length });
  });
}

interface DialogEntry {
  readonly chat: ChatRef;
  readonly top: StoredMessage;
}

/** Every chat with a message in the viewer's box, newest top message first (box ids grow with time). */
export function dialogsOf(world: World, viewer: bigint): DialogEntry[] {
  const tops = new Map<string, DialogEntry>();
  for (const message of world.account(viewer).mailbox.messages.values()) {
    const key = `${message.peer.kind}:${message.peer.id}`;
    const seen = tops.get(key);
    if (!seen || seen.top.id < message.id) {
      const chat: ChatRef = message.peer.kind === "chat" ? { chatId: message.peer.id } : { userId: message.peer.id };
      tops.set(key, { chat, top: message });
    }
  }
  return [...tops.values()].sort((a, b) => b.top.id - a.top.id);
}

/** Telegram pages dialogs by the top message: those older than offset_id / offset_date, then `limit` of them. */
function dialogsPage(all: DialogEntry[], request: { offsetId: number; offsetDate: number; limit: number }): DialogEntry[] {
  const older = all.filter(({ top }) => (request.offsetId <= 0 || top.id < request.offsetId) && (request.offsetDate <= 0 || top.date <= request.offsetDate));
  const limit = request.limit <= 0 ? MAX_DIALOGS : Math.min(request.limit, MAX_DIALOGS);
  return older.slice(0, limit);
}

function dialogOf(top: StoredMessage): Api.Dialog {
  return new Api.Dialog({
    peer: top.peer.kind === "user" ? peerUser(top.peer.id) : peerChat(top.peer.id),
    topMessage: top.id,
    readInboxMaxId: top.id,
    readOutboxMaxId: top.id,
    unreadCount: 0,
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    notifySettings: new Api.PeerNotifySettings({}),
  });
}
