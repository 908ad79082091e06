import { describeFailure, formatBytes, type CommandContext, type CommandDefinition, type FullUser, type Photo } from "contact-userbot/sdk";
import type { AvatarConfig } from "../settings";
import { resolveTargets, type Target } from "../targets";
import { MAX_THEIRS } from "./theirPhoto";
import { counted, utcMinute } from "./utcTime";

/** A profile photo is at most 1280 px: anything near this is not one. */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/** `.pfpinfo`: what the owner sees for a contact, and why; the pictures first, as one album. */
export function photoInfoCommand(): CommandDefinition<AvatarConfig> {
  return {
    name: "pfpinfo",
    description: "Shows a contact's photos (as an album, then the facts): your personal one, their own, their public fallback",
    usage: "[name|@user|t.me/user|phone|id]",
    examples: ["pfpinfo @alice", "pfpinfo Bob"],
    async handler(ctx) {
      const [target] = await resolveTargets(ctx.telegram, ctx.args.positional.slice(0, 1), ctx.message);
      const info = await ctx.telegram.users.full(target.user);
      const own = await ctx.telegram.users.photos(target.user, { limit: MAX_THEIRS });
      const user = target.user;
      const who = [user.username ? `@${user.username}` : undefined, `id ${user.id}`, user.contact ? "contact" : "not a contact"];
      const lines = [
        `${target.name} (${who.filter(Boolean).join(", ")})`,
        `Personal photo (only you see it): ${describePhoto(info.personalPhoto)}`,
        `Their own photo: ${describePhoto(info.profilePhoto)}`,
        `Their own photos in all: ${describeOwnCount(own.length)}`,
        `Public fallback photo: ${describePhoto(info.fallbackPhoto)}`,
      ];
      lines.push(info.personalPhoto ? "You see the personal photo." : info.profilePhoto ? "You see their own photo." : "You see no photo.");
      const albumProblem = await sendAlbum(ctx, target, info);
      if (albumProblem) lines.push(albumProblem);
      await ctx.answer(lines.join("\n"));
    },
  };
}

function describeOwnCount(n: number): string {
  if (n === 0) return "none";
  const shown = n >= MAX_THEIRS ? `${MAX_THEIRS} or more` : String(n);
  return n === 1 ? "1 (the current one)" : `${shown} (.setpfp --theirs=N sets one as your personal photo: 1 is the current one, 2 the one before)`;
}

/** The photos that exist, as one captioned album in the command's chat; returns a line for the answer when that failed. */
async function sendAlbum(ctx: CommandContext<AvatarConfig>, target: Target, info: FullUser): Promise<string | undefined> {
  const shown: { photo: Photo; caption: string; name: string }[] = [];
  if (info.personalPhoto) shown.push({ photo: info.personalPhoto, caption: `${target.name}: personal photo (only you see it)`, name: "personal.jpg" });
  if (info.profilePhoto) shown.push({ photo: info.profilePhoto, caption: `${target.name}: their own photo`, name: "own.jpg" });
  if (info.fallbackPhoto) shown.push({ photo: info.fallbackPhoto, caption: `${target.name}: public fallback photo`, name: "fallback.jpg" });
  if (shown.length === 0) return undefined;
  try {
    await ctx.progress(`Fetching ${counted(shown.length, "photo")} of ${target.name}…`);
    const items = [];
    for (const { photo, caption, name } of shown) {
      const bytes = await ctx.telegram.media.download(photo, { maxBytes: MAX_PHOTO_BYTES });
      items.push({ bytes, name, caption: `${caption}, from ${utcMinute(photo.date)}` });
    }
    await ctx.telegram.messages.sendAlbum(ctx.message.chat, items, { replyTo: ctx.message.id });
    return undefined;
  } catch (err) {
    // The facts are still worth answering with.
    const report = describeFailure(err);
    if (report.unexpected) ctx.log.error(`pfpinfo: the album for user ${target.user.id} failed (ref ${report.refId})`, { err });
    return `(The pictures could not be sent: ${report.text})`;
  }
}

function describePhoto(photo: Photo | undefined): string {
  if (!photo) return "none";
  const parts = [
    photo.width && photo.height ? `${photo.width}×${photo.height}` : "size unknown",
    photo.size ? formatBytes(photo.size) : undefined,
    photo.animated ? "animated" : undefined,
    `from ${utcMinute(photo.date)}`,
  ];
  return parts.filter(Boolean).join(", ");
}
