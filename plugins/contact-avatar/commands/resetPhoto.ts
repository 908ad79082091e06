import type { CommandDefinition } from "contact-userbot/sdk";
import type { AvatarService } from "../service/avatarService";
import type { AvatarConfig } from "../settings";
import { resolveTargetList } from "../targets";
import { forEachTarget } from "./outcome";

/** `.resetpfp`: removes the personal photo ("Reset to Original" in Telegram Desktop). */
export function resetPhotoCommand(service: () => AvatarService): CommandDefinition<AvatarConfig> {
  return {
    name: "resetpfp",
    description: "Removes the personal photo you set for a contact",
    usage: "[name|@user|t.me/user|phone|id ...]",
    help: "You see the contact's own photo again. Suggestions already sent are not affected (delete the suggestion message to withdraw one).",
    examples: ["resetpfp Bob", "resetpfp @alice +1 202 555 0143"],
    async handler(ctx) {
      const targets = await resolveTargetList(ctx.telegram, ctx.args.positional, ctx.message);
      const lines = await forEachTarget(ctx, targets, async (target) => {
        // Telegram would accept the call and change nothing; say so instead, and spend no rate limit.
        const full = await ctx.telegram.users.full(target.user);
        if (!full.personalPhoto) return `${target.name} has no personal photo: you already see their own photo.`;
        await ctx.progress(`Resetting ${target.name}…`);
        await service().apply({ intent: "reset", user: target.user });
        return `Personal photo removed for ${target.name}: you see their own photo again.`;
      });
      await ctx.answer(lines.join("\n"));
    },
  };
}
