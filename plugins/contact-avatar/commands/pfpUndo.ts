import type { CommandDefinition } from "contact-userbot/sdk";
import type { AvatarService } from "../service/avatarService";
import type { AvatarConfig } from "../settings";
import { resolveTargetList } from "../targets";
import type { PhotoUndo, UndoOutcome } from "../undo/photoUndo";
import { forEachTarget } from "./outcome";
import { counted, utcMinute } from "./utcTime";

/** `.pfpundo`: puts back the personal photo the userbot replaced last (commands, rotations and imports alike). */
export function pfpUndoCommand(service: () => AvatarService, undo: () => PhotoUndo): CommandDefinition<AvatarConfig> {
  return {
    name: "pfpundo",
    description: "Puts back the personal photo the userbot replaced last for a contact",
    usage: "[name|@user|t.me/user|phone|id ...]",
    help: [
      "Undoes the newest change the userbot made to the contact's personal photo (.setpfp, .resetpfp, a rotation or an address book import): the photo before it is set again, or removed if there was none.",
      "Again goes one more step back. The plugin remembers the last undoDepth changes per contact (default 5; .config contact-avatar undoDepth 10), with at most undoMaxMB of photos in all.",
      "Suggestions (.suggestpfp) do not change the personal photo and are not undone: withdraw one with .suggestpfp --withdraw.",
    ].join("\n"),
    examples: ["pfpundo Bob", "pfpundo @alice +1 202 555 0143"],
    async handler(ctx) {
      const targets = await resolveTargetList(ctx.telegram, ctx.args.positional, ctx.message);
      const lines = await forEachTarget(ctx, targets, async (target) => {
        await ctx.progress(`Undoing the last change for ${target.name}…`);
        return describe(await undo().undo(service(), target.user), target.name);
      });
      await ctx.answer(lines.join("\n"));
    },
  };
}

function describe(outcome: UndoOutcome, name: string): string {
  if (outcome.kind === "nothing") return `Nothing to undo for ${name}: no change the userbot made to their personal photo is remembered.`;
  const when = utcMinute(new Date(outcome.entry.at));
  const more = outcome.left > 0 ? ` ${counted(outcome.left, "more change")} can be undone.` : "";
  return outcome.kind === "restored"
    ? `Put back the personal photo ${name} had before the change of ${when}.${more}`
    : `Removed the personal photo of ${name}: there was none before the change of ${when}.${more}`;
}
