import { formatMs, UsageError, type CommandContext, type CommandDefinition } from "contact-userbot/sdk";
import { checkKnownOptions, flag } from "../media/avatarOptions";
import { chooseSource } from "../media/chooseSource";
import { customEmojiIds, customEmojiWords } from "../media/markup";
import { planAvatar } from "../media/planAvatar";
import { isEmojiWord } from "../media/plainEmoji";
import { prepareAvatar, type PreparedAvatar } from "../media/prepareAvatar";
import type { AvatarService } from "../service/avatarService";
import type { AvatarConfig } from "../settings";
import { isUrlWord } from "../source/fromUrl";
import { parseTargetWord, resolveTargetList, type Target } from "../targets";
import { forEachTarget } from "./outcome";
import { checkTheirsRequest, theirOwnPhoto, theirsOption } from "./theirPhoto";
import { withdrawSuggestions } from "./withdrawSuggestions";

export const TARGETS_HELP = [
  "Who (one or more; each gets its own line in the answer):",
  '• a contact\'s name as your contact list has it: Bob, "Bob Smith", smith (case and accents do not matter; a name that fits several contacts is refused with the candidates)',
  "• @username, or a t.me/username link (with or without https://)",
  "• a phone number: +1 202 555 0143, +44 7700 900123, or a local number, read in the phoneRegion setting's country (default: your own number's)",
  "• a numeric user id of a contact or of someone you have a chat with",
].join("\n");

const SOURCES_HELP = [
  "What becomes the photo (reply to it, or give it after the targets):",
  "• a photo, image file or image link: a square JPEG",
  "• a video, GIF, round video or video file: an animated avatar (square MP4, at most 10 s and 2 MB; needs ffmpeg)",
  "• a sticker from a sticker set (static, animated or video): Telegram draws it on the --bg colours, animated where the sticker is",
  "• a custom emoji (in the command or in the replied message), or a plain emoji such as 🐱 (Telegram's animated version): drawn the same way",
].join("\n");

/** The colour forms parseColour takes, in the words .help and the README both use (a test holds them together). */
export const BG_FORMS = "#rrggbb, rrggbb, #rgb or a colour name such as navy";

const OPTIONS_HELP = [
  "Options for photos:",
  "--crop=center|smart|fit  centre square (default), attention-based crop, or the whole image on a background",
  `--bg=<colour>  background for fit and transparency: ${BG_FORMS}`,
  "--size=<640..1280>  output size in px (default 800)",
  "--preview  send the prepared photo or video here instead of applying it",
  "Options for videos:",
  "--crop=center|fit  as for photos (no smart crop); --bg the colour around a fitted video",
  "--size=<160..1280>  side in px, even (default 800)",
  "--start=<s> --duration=<s>  which stretch of a longer video (default: the first 10 s)",
  "--frame=<s>  the still preview frame, seconds into the clip (0 to 10)",
  "--still  use one frame (at --start plus --frame) as a photo instead",
  "Options for stickers and emoji:",
  "--bg=<colour>[,<colour>...]  1 colour solid, 2 a gradient (top, bottom), 3 or 4 a freeform gradient; each colour as above",
  "--frame=<s>  the preview frame of an animated sticker or emoji",
  "--as-photo  make a static sticker a JPEG photo on the --bg colour instead",
].join("\n");

const THEIRS_HELP = [
  "One of their own photos instead:",
  "--theirs[=N]  one of the contact's own profile photos becomes your personal photo for them: 1 their current photo, 2 (the default) the one before, and so on (.pfpinfo says how many they have). --crop, --size, --bg and --quality apply.",
].join("\n");

const WITHDRAW_HELP = [
  "Withdrawing:",
  "--withdraw  deletes the suggestion messages you sent the contacts (for both sides) and says how many; give only targets.",
].join("\n");

/** `.setpfp` (personal photo, only you see it) and `.suggestpfp` (a suggestion to the contact). */
export function setPhotoCommand(intent: "set" | "suggest", service: () => AvatarService): CommandDefinition<AvatarConfig> {
  const set = intent === "set";
  const name = set ? "setpfp" : "suggestpfp";
  return {
    name,
    description: set
      ? "Sets a contact's personal photo (only you see it) from the replied photo, video, sticker or emoji"
      : "Suggests the replied photo, video, sticker or emoji to a contact as their profile photo",
    usage:
      "[name|@user|t.me/user|phone|id ...] [image link|emoji] [--crop=center|smart|fit] [--bg=colour[,colour...]] [--size=px] [--start=s] [--duration=s] [--frame=s] [--still] [--as-photo] [--preview]" +
      (set ? " | [targets] --theirs[=N]" : " | [targets] --withdraw"),
    help: [
      set
        ? "The contact's photo is replaced for you only; they see nothing. Without a target, in a private chat, the target is that chat's user."
        : "Telegram sends the contact a suggestion message in your chat; they decide whether to use it.",
      "",
      TARGETS_HELP,
      "",
      SOURCES_HELP,
      "",
      OPTIONS_HELP,
      "",
      set ? THEIRS_HELP : WITHDRAW_HELP,
    ].join("\n"),
    examples: set
      ? [
          "setpfp Bob",
          'setpfp "Bob Smith"',
          "setpfp +1 202 555 0143",
          "setpfp @alice Bob --crop=smart",
          "setpfp https://t.me/alice",
          "setpfp t.me/alice --crop=fit --bg=black",
          "setpfp @alice https://example.com/cat.jpg",
          "setpfp @alice --start=12 --frame=2   (replying to a video)",
          "setpfp @alice --bg=#ffd54f,#ff6f00   (replying to a sticker)",
          "setpfp @alice 🐱 --bg=navy",
          "setpfp --preview --crop=smart",
          "setpfp Alice --theirs   (the photo she had before her current one)",
          "setpfp Alice --theirs=3",
        ]
      : ["suggestpfp @alice", "suggestpfp --size=1024", "suggestpfp @alice --still --frame=3   (replying to a video)", "suggestpfp --withdraw Alice Bob"],
    async handler(ctx) {
      const { positional, options } = ctx.args;
      const customEmoji = customEmojiWords(ctx.message);
      // https://t.me/alice is a person, not an image link.
      const urls = positional.filter((w) => isUrlWord(w) && !parseTargetWord(w));
      const emoji = positional.filter(isEmojiWord);
      const targetWords = positional.filter((w) => !urls.includes(w) && !isEmojiWord(w) && !customEmoji.has(w));
      if (options.withdraw !== undefined) return withdraw(ctx, intent, targetWords, { urls, emoji });
      const theirs = theirsOption(options);
      if (theirs !== undefined) {
        if (!set) throw new UsageError("--theirs is for .setpfp: a contact's own photo cannot be suggested back to them.");
        checkTheirsRequest(options, ctx.config, { urls, emoji });
        const targets = await resolveTargetList(ctx.telegram, targetWords, ctx.message);
        const started = Date.now();
        const lines = await forEachTarget(ctx, targets, async (target) =>
          apply(ctx, service(), "set", target, await theirOwnPhoto(ctx, target, theirs), started),
        );
        return ctx.answer(lines.join("\n"));
      }
      checkKnownOptions(options);
      const preview = flag(options, "preview");
      // Targets first: a typo in a username should not cost a download.
      const targets = preview ? [] : await resolveTargetList(ctx.telegram, targetWords, ctx.message);
      const source = await chooseSource({ urls, emoji, commandEmojiIds: customEmojiIds(ctx.message) }, () => ctx.replied());
      const plan = planAvatar(source, options, ctx.config);

      const started = Date.now();
      const avatar = await prepareAvatar(ctx, plan);
      if (preview) return sendPreview(ctx, avatar);
      const lines = await forEachTarget(ctx, targets, (target) => apply(ctx, service(), intent, target, avatar, started));
      await ctx.answer(lines.join("\n"));
    },
  };
}

/** `.suggestpfp --withdraw [targets]`: deletes the suggestion messages the owner sent them. */
async function withdraw(
  ctx: CommandContext<AvatarConfig>,
  intent: "set" | "suggest",
  targetWords: string[],
  extras: { urls: string[]; emoji: string[] },
): Promise<void> {
  if (intent !== "suggest") throw new UsageError("--withdraw is for .suggestpfp: it deletes the suggestions you sent.");
  checkKnownOptions(ctx.args.options, ["withdraw"]);
  flag(ctx.args.options, "withdraw");
  if (extras.urls.length > 0 || extras.emoji.length > 0) throw new UsageError("--withdraw takes only targets, no image link or emoji.");
  const targets = await resolveTargetList(ctx.telegram, targetWords, ctx.message);
  const lines = await forEachTarget(ctx, targets, async (target) => {
    await ctx.progress(`Looking for your suggestions to ${target.name}…`);
    return withdrawSuggestions(ctx.telegram, target);
  });
  await ctx.answer(lines.join("\n"));
}

async function sendPreview(ctx: CommandContext<AvatarConfig>, avatar: PreparedAvatar): Promise<void> {
  // planAvatar refuses --preview for markup, which has nothing to show before Telegram draws it.
  if (!avatar.preview) throw new Error("preview requested for an avatar without a preview file");
  await ctx.telegram.messages.sendFile(ctx.message.chat, {
    bytes: avatar.preview.bytes,
    name: avatar.preview.name,
    caption: `Preview: ${avatar.facts}`,
    replyTo: ctx.message.id,
    ...(avatar.preview.video ? { video: avatar.preview.video } : {}),
  });
  await ctx.answer(`Preview sent (${avatar.facts}, prepared in ${formatMs(avatar.prepareMs)}).`);
}

async function apply(
  ctx: CommandContext<AvatarConfig>,
  service: AvatarService,
  intent: "set" | "suggest",
  target: Target,
  avatar: PreparedAvatar,
  started: number,
): Promise<string> {
  const result = await service.apply({
    intent,
    user: target.user,
    media: avatar.media,
    onUpload: (done, total) => void ctx.progress(`Uploading for ${target.name}… ${Math.floor((done / Math.max(total, 1)) * 100)}%`),
    onCall: () => void ctx.progress(intent === "set" ? `Setting the photo for ${target.name}…` : `Suggesting the photo to ${target.name}…`),
  });
  ctx.log.info(`${intent} ${avatar.media.kind} avatar for user ${target.user.id}`, {
    downloadMs: avatar.downloadMs,
    prepareMs: Math.round(avatar.prepareMs),
    uploadMs: result.uploadMs,
    callMs: result.callMs,
    reuploaded: result.reuploaded,
  });
  const facts = avatar.timed ? `${avatar.facts}, ${formatMs(Date.now() - started)}` : avatar.facts;
  // An earlier attempt whose outcome was unclear did reach the chat (service/unclearOutcome.ts): say so, nothing new was sent.
  if (result.confirmed === "earlier")
    return `Photo suggested to ${target.name} already: your earlier attempt's suggestion reached the chat, so no second one was sent.`;
  return intent === "set"
    ? `Personal photo set for ${target.name} (${facts}). Only you see it.`
    : `Photo suggested to ${target.name}: a suggestion message was sent in your chat with them (${facts}).`;
}
