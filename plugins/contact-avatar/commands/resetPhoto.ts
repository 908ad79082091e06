import type { CommandDefinition } from "../../../src/commands/types";
import type { AvatarService } from "../service/avatarService";
import type { AvatarConfig } from "../settings";
import { resolveTargets } from "../targets";
import { forEachTarget } from "./outcome";

/** `.resetpfp`: removes the personal photo ("Reset to Original" in Telegram Desktop). */
export function resetPhotoCommand(service: () => AvatarService): CommandDefinition<AvatarConfig> {
  return {
    name: "resetpfp",
    description: "Removes the personal photo you set for a contact",
    usage: "[@user|t.me/user|id ...]",
    help: "You see the contact's own photo again. Suggestions already sent are not affected (delete the suggestion message to withdraw one).",
    examples: ["resetpfp @alice", "resetpfp @alice @bob"],
    async handler(ctx) {
      const targets = await resolveTargets(ctx.telegram, ctx.args.positional, ctx.message);
      const lines = await forEachTarget(ctx, targets, async (target) => {
        await ctx.progress(`Resetting ${target.name}…`);
        await service().apply({ intent: "reset", user: target.input });
        return `Personal photo removed for ${target.name}: you see their own photo again.`;
      });
      await ctx.answer(lines.join("\n"));
    },
  };
}
