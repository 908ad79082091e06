import sharp from "sharp";
import { z } from "zod";
import { UserError, definePlugin, formatBytes, setting } from "contact-userbot/sdk";

/**
 * The second example plugin (docs/PLUGINS.md): it works on the message a
 * command replies to. `.mediainfo`, replying to a photo or a file, answers
 * with its size and, for images, its dimensions.
 */
export default definePlugin({
  name: "media-info",
  description: "Size and dimensions of a replied photo or file (an example plugin)",
  settings: {
    maxMegabytes: setting({ schema: z.number().positive().max(2000), default: 20, description: "Largest file it downloads to look at, in MB" }),
  },
  commands: [
    {
      name: "mediainfo",
      aliases: ["mi"],
      description: "Size and dimensions of the replied photo or file",
      sudo: true,
      async handler(ctx) {
        const replied = await ctx.replied();
        if (!replied) throw new UserError("Reply to a photo or a file with .mediainfo");
        if (!replied.media || replied.media.kind === "other") throw new UserError("That message has no photo or file");
        const kind = replied.media.kind === "photo" ? "Photo" : "File";
        const bytes = await ctx.telegram.media.download(replied, {
          maxBytes: ctx.config.maxMegabytes * 1024 * 1024,
          progress: (done, total) => void ctx.progress(`Downloading… ${Math.round((done / total) * 100)}%`),
        });
        const image = await sharp(bytes)
          .metadata()
          .catch(() => undefined);
        const shape = image?.width && image.height ? `${image.width}×${image.height} ${image.format?.toUpperCase() ?? "image"}, ` : "";
        await ctx.answer(`${kind}: ${shape}${formatBytes(bytes.length)}${shape ? "" : " (not an image)"}`);
      },
    },
  ],
});
