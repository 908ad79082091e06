import { Api } from "telegram";
import type { CommandDefinition } from "../../../src/commands/types";
import { formatBytes } from "../../../src/util/bytes";
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
      const full = await ctx.telegram.invoke(new Api.users.GetFullUser({ id: target.input }));
      const info = full.fullUser;
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

function describePhoto(photo: Api.TypePhoto | undefined): string {
  if (!(photo instanceof Api.Photo)) return "none";
  const sizes = photo.sizes.filter((s): s is Api.PhotoSize | Api.PhotoSizeProgressive => s instanceof Api.PhotoSize || s instanceof Api.PhotoSizeProgressive);
  const largest = sizes.sort((a, b) => b.w * b.h - a.w * a.h)[0];
  const bytes = largest instanceof Api.PhotoSize ? largest.size : largest instanceof Api.PhotoSizeProgressive ? Math.max(...largest.sizes) : undefined;
  const parts = [
    largest ? `${largest.w}×${largest.h}` : "size unknown",
    bytes ? formatBytes(bytes) : undefined,
    photo.videoSizes?.length ? "animated" : undefined,
    `from ${new Date(photo.date * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`,
  ];
  return parts.filter(Boolean).join(", ");
}
