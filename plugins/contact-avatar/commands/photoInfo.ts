import { formatBytes, type CommandDefinition, type Photo } from "contact-userbot/sdk";
import type { AvatarConfig } from "../settings";
import { resolveTargets } from "../targets";

/** `.pfpinfo`: what the owner sees for a contact, and why. */
export function photoInfoCommand(): CommandDefinition<AvatarConfig> {
  return {
    name: "pfpinfo",
    description: "Shows a contact's photos: your personal one, their own, their public fallback",
    usage: "[name|@user|t.me/user|phone|id]",
    examples: ["pfpinfo @alice", "pfpinfo Bob"],
    async handler(ctx) {
      const [target] = await resolveTargets(ctx.telegram, ctx.args.positional.slice(0, 1), ctx.message);
      const info = await ctx.telegram.users.full(target.user);
      const user = target.user;
      const who = [user.username ? `@${user.username}` : undefined, `id ${user.id}`, user.contact ? "contact" : "not a contact"];
      const lines = [
        `${target.name} (${who.filter(Boolean).join(", ")})`,
        `Personal photo (only you see it): ${describePhoto(info.personalPhoto)}`,
        `Their own photo: ${describePhoto(info.profilePhoto)}`,
        `Public fallback photo: ${describePhoto(info.fallbackPhoto)}`,
      ];
      lines.push(info.personalPhoto ? "You see the personal photo." : info.profilePhoto ? "You see their own photo." : "You see no photo.");
      await ctx.answer(lines.join("\n"));
    },
  };
}

function describePhoto(photo: Photo | undefined): string {
  if (!photo) return "none";
  const parts = [
    photo.width && photo.height ? `${photo.width}×${photo.height}` : "size unknown",
    photo.size ? formatBytes(photo.size) : undefined,
    photo.animated ? "animated" : undefined,
    `from ${new Date(photo.date * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`,
  ];
  return parts.filter(Boolean).join(", ");
}
