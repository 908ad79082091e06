import { UsageError } from "../../../src/core/errors";
import type { CommandContext, CommandDefinition } from "../../../src/commands/types";
import { formatBytes } from "../../../src/util/bytes";
import { formatMs } from "../../../src/util/duration";
import { parsePrepareOptions, prepareImage, type PreparedImage } from "../image";
import type { AvatarService } from "../service/avatarService";
import type { AvatarConfig } from "../settings";
import { acquireImage } from "../source/acquireImage";
import { isUrlWord } from "../source/fromUrl";
import { resolveTargets, type Target } from "../targets";
import { forEachTarget } from "./outcome";

const KNOWN_OPTIONS = new Set(["crop", "bg", "size", "quality", "preview"]);

const OPTIONS_HELP = [
  "Options:",
  "--crop=center|smart|fit  centre square (default), attention-based crop, or the whole image on a background",
  "--bg=<colour>  background for fit and transparency (#rrggbb or a name)",
  "--size=<640..1280>  output size in px (default 800)",
  "--preview  send the prepared image here instead of applying it",
  "Instead of replying you can give an image link (http or https).",
].join("\n");

/** `.setpfp` (personal photo, only you see it) and `.suggestpfp` (a suggestion to the contact). */
export function setPhotoCommand(intent: "set" | "suggest", service: () => AvatarService): CommandDefinition<AvatarConfig> {
  const set = intent === "set";
  return {
    name: set ? "setpfp" : "suggestpfp",
    description: set
      ? "Sets a contact's personal photo (only you see it) from the replied image"
      : "Suggests the replied image to a contact as their profile photo",
    usage: "[@user|t.me/user|id ...] [image link] [--crop=center|smart|fit] [--bg=colour] [--size=640..1280] [--preview]",
    help: [
      set
        ? "Reply to a photo, image file or static sticker. The contact's photo is replaced for you only; they see nothing. Without a target, in a private chat, the target is that chat's user."
        : "Reply to a photo, image file or static sticker. Telegram sends the contact a suggestion message in your chat; they decide whether to use it.",
      "",
      OPTIONS_HELP,
    ].join("\n"),
    examples: set
      ? ["setpfp @alice", "setpfp @alice @bob --crop=smart", "setpfp t.me/alice --crop=fit --bg=black", "setpfp @alice https://example.com/cat.jpg", "setpfp --preview --crop=smart"]
      : ["suggestpfp @alice", "suggestpfp --size=1024"],
    async handler(ctx) {
      const { positional, options } = ctx.args;
      const unknown = Object.keys(options).filter((key) => !KNOWN_OPTIONS.has(key));
      if (unknown.length) throw new UsageError(`Unknown option --${unknown[0]}.`);
      const urls = positional.filter(isUrlWord);
      if (urls.length > 1) throw new UsageError("Give one image link at a time.");
      const parsed = parsePrepareOptions(options, ctx.config);
      const prepareOptions = {
        ...parsed,
        crop: options.crop === undefined ? ctx.config.crop : parsed.crop,
        maxInputBytes: ctx.config.maxInputMB * 1024 * 1024,
      };
      const preview = options.preview === true;
      // Targets first: a typo in a username should not cost a download.
      const targets = preview ? [] : await resolveTargets(ctx.telegram, positional.filter((w) => !isUrlWord(w)), ctx.message);

      const started = Date.now();
      const source = await acquireImage(ctx, urls[0]);
      await ctx.progress("Preparing the image…");
      const image = await prepareImage(source.bytes, prepareOptions);
      const dims = `${image.width}×${image.height}, ${formatBytes(image.bytes)}`;

      if (preview) {
        await ctx.telegram.sendFile(ctx.message.peerId, {
          file: image.jpeg,
          name: "avatar-preview.jpg",
          caption: `Preview: ${dims}`,
          replyTo: ctx.message.id,
        });
        return ctx.answer(`Preview sent (${dims}, prepared in ${formatMs(image.ms)}).`);
      }

      const lines = await forEachTarget(ctx, targets, (target) => apply(ctx, service(), intent, target, image, started, source.downloadMs));
      await ctx.answer(lines.join("\n"));
    },
  };
}

async function apply(
  ctx: CommandContext<AvatarConfig>,
  service: AvatarService,
  intent: "set" | "suggest",
  target: Target,
  image: PreparedImage,
  started: number,
  downloadMs: number,
): Promise<string> {
  const result = await service.apply({
    intent,
    user: target.input,
    media: { kind: "photo", jpeg: image.jpeg, width: image.width, height: image.height },
    onUpload: (done, total) => void ctx.progress(`Uploading for ${target.name}… ${Math.floor((done / Math.max(total, 1)) * 100)}%`),
    onCall: () => void ctx.progress(intent === "set" ? `Setting the photo for ${target.name}…` : `Suggesting the photo to ${target.name}…`),
  });
  ctx.log.info(`${intent} photo for user ${target.user.id}`, {
    downloadMs,
    prepareMs: Math.round(image.ms),
    uploadMs: result.uploadMs,
    callMs: result.callMs,
    reuploaded: result.reuploaded,
  });
  const facts = `${image.width}×${image.height}, ${formatBytes(image.bytes)}, ${formatMs(Date.now() - started)}`;
  return intent === "set"
    ? `Personal photo set for ${target.name} (${facts}). Only you see it.`
    : `Photo suggested to ${target.name}: a suggestion message was sent in your chat with them (${facts}).`;
}
