/** updates.*: the caller's pts state and the changes since a pts (replayed from the account's log). */
import { Api } from "telegram";
import type { MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";
import { entitiesOf, renderMessage } from "../world/render";
import type { StoredMessage } from "../world/messages";
import { nowSeconds } from "../world/tl";
import { requireUser } from "./inputs";

export function registerUpdatesMethods(registry: MethodRegistry, world: World): void {
  const state = (userId: bigint) => new Api.updates.State({ pts: world.account(userId).mailbox.pts, qts: 0, date: nowSeconds(), seq: 0, unreadCount: 0 });

  registry.on("updates.GetState", (_request: Api.updates.GetState, ctx) => state(requireUser(ctx)));

  registry.on("updates.GetDifference", (request: Api.updates.GetDifference, ctx) => {
    const userId = requireUser(ctx);
    const mailbox = world.account(userId).mailbox;
    const entries = mailbox.since(request.pts);
    if (entries.length === 0) return new Api.updates.DifferenceEmpty({ date: nowSeconds(), seq: 0 });

    const newMessages: StoredMessage[] = [];
    const otherUpdates: Api.TypeUpdate[] = [];
    const mentioned: StoredMessage[] = [];
    for (const entry of entries) {
      if (entry.kind === "delete") {
        otherUpdates.push(new Api.UpdateDeleteMessages({ messages: entry.messageIds, pts: entry.pts, ptsCount: entry.ptsCount }));
        continue;
      }
      // A message deleted since then is simply absent, as on Telegram.
      const message = mailbox.messages.get(entry.messageIds[0]);
      if (!message) continue;
      mentioned.push(message);
      if (entry.kind === "new") newMessages.push(message);
      else otherUpdates.push(new Api.UpdateEditMessage({ message: renderMessage(world, message), pts: entry.pts, ptsCount: entry.ptsCount }));
    }
    const { users, chats } = entitiesOf(world, userId, mentioned);
    return new Api.updates.Difference({
      newMessages: newMessages.map((m) => renderMessage(world, m)),
      newEncryptedMessages: [],
      otherUpdates,
      users,
      chats,
      state: state(userId),
    });
  });
}
