import { formatDuration, UsageError, UserError, type CommandContext, type CommandDefinition, type Message } from "contact-userbot/sdk";
import { ChangeDroppedError } from "../rotation/changeQueue";
import { parsePrepareOptions, prepareImage } from "../image";
import { ROTATION_ORDERS, type RotationOrder } from "../rotation/order";
import { targetOf, type RotationManager } from "../rotation/rotationManager";
import { formatLocal, parseSchedule, SCHEDULE_FORMS, type Schedule } from "../rotation/schedule";
import { checkFolder } from "../rotation/sources";
import type { RotationRecord, RotationSource } from "../rotation/state";
import { listText, showText } from "../rotation/view";
import type { AvatarConfig } from "../settings";
import { classifyMedia } from "../source/classifyMedia";
import { parseTargetWord, resolveTargets, type Target } from "../targets";

type Ctx = CommandContext<AvatarConfig>;

const ADD_OPTIONS = new Set(["folder", "order", "tz", "mode", "suggest"]);
/** A pool rotation made by replying without a schedule gets this one. */
const DEFAULT_SCHEDULE = "daily 09:00";
/** Telegram groups an album's messages (up to 10) under one grouped id, with neighbouring ids. */
const ALBUM_SPAN = 9;
const MB = 1024 * 1024;

const HELP = [
  "Changes a contact's personal photo (only you see it) on a schedule.",
  "",
  "Subcommands:",
  "add @user <schedule> [--folder=<path>] [--order=sequential|shuffle] [--tz=<zone>]",
  "   new rotation, or a new schedule/source/order for an existing one",
  "add @user (replying to a photo or an album)  adds those images to the rotation's pool (created if needed, schedule daily 09:00)",
  "list  all rotations, chat-made and declared in the config",
  "show @user  schedule, next run, images, position, last result",
  "pause @user / resume @user  (resume continues from the next scheduled time)",
  "next @user  shows the next image now",
  "drop @user  drops a change that waits (Telegram asked to wait before the next change)",
  "clear @user  starts over: forgets the position and skipped files and empties the pool",
  "remove @user  deletes the rotation (and its pool)",
  "",
  `Schedules: ${SCHEDULE_FORMS}; time zone with --tz (default: the rotationTimezone setting, else the config's timezone).`,
  "Order: sequential (by file name, img2 before img10) or shuffle (each image once per cycle, never the same twice in a row).",
  "A folder is read at each run: add or remove files any time. Unreadable files are skipped and listed in show.",
  "Changes of all rotations go through one queue spaced by rotationSpacingSeconds; Telegram's flood waits are waited out:",
  "the command's message (or, for a scheduled change, one notice) says how long and when the change will be made.",
  "A rotation pauses and tells you (in Saved Messages or your log chat) if the contact is removed, its folder disappears,",
  'or rotationFailuresBeforePause runs fail in a row. Rotations can also be declared in the config (setting "rotations").',
  "Rotations only set personal photos: a schedule of suggestions would be spam.",
].join("\n");

/** `.rotation`: scheduled personal-photo rotations (see rotation/). */
export function rotationCommand(manager: () => RotationManager): CommandDefinition<AvatarConfig> {
  return {
    name: "rotation",
    aliases: ["rot"],
    description: "Changes a contact's personal photo on a schedule (folder or pool of images)",
    usage: "add|list|show|pause|resume|next|clear|remove [@user] [schedule] [--folder=<path>] [--order=sequential|shuffle] [--tz=<zone>]",
    help: HELP,
    examples: [
      "rotation add @alice daily 09:00 --folder=~/pictures/alice",
      'rotation add @alice "0 8 * * 1-5" --tz=Europe/Berlin --order=shuffle --folder=/srv/photos',
      "rotation add @bob every 6h  (replying to an album)",
      "rotation show @alice",
      "rotation next @alice",
      "rotation pause @alice",
    ],
    async handler(ctx) {
      const [sub = "list", ...rest] = ctx.args.positional;
      const m = manager();
      switch (sub.toLowerCase()) {
        case "add":
          return ctx.answer(await add(ctx, m, rest));
        case "list":
        case "ls":
          return ctx.answer(listText(m));
        case "show":
          return ctx.answer(await showText(await recordFor(ctx, m, rest), m));
        case "pause":
          return ctx.answer(await simple(ctx, m, rest, (r) => m.pause(r.id), "paused"));
        case "resume":
          return ctx.answer(await simple(ctx, m, rest, (r) => m.resume(r.id), "resumed"));
        case "clear":
          return ctx.answer(await simple(ctx, m, rest, (r) => m.clear(r.id), "cleared: it starts over from the first image"));
        case "remove":
        case "rm":
          return ctx.answer(await simple(ctx, m, rest, (r) => m.remove(r.id), "removed"));
        case "next":
          return ctx.answer(await next(ctx, m, rest));
        case "drop":
          return ctx.answer(await drop(ctx, m, rest));
        default:
          throw new UsageError(`Unknown subcommand "${sub}": use add, list, show, pause, resume, next, drop, clear or remove.`);
      }
    },
  };
}

async function simple(ctx: Ctx, m: RotationManager, words: string[], act: (r: RotationRecord) => Promise<void>, done: string): Promise<string> {
  const record = await recordFor(ctx, m, words);
  await act(record);
  const next = m.get(record.id) && !m.get(record.id)?.state.paused ? m.nextRun(record.id) : undefined;
  const when = next ? ` Next change: ${formatLocal(next, record.definition.schedule.timezone)}.` : "";
  return `Rotation for ${record.definition.target.name} ${done}.${when}`;
}

async function drop(ctx: Ctx, m: RotationManager, words: string[]): Promise<string> {
  const record = await recordFor(ctx, m, words);
  const name = record.definition.target.name;
  const { dropped, inFlight } = await m.dropPending(record.id);
  if (dropped > 0) return `Rotation for ${name}: the waiting change was dropped; the photo stays as it is.`;
  if (inFlight) return `Rotation for ${name}: the change is being made right now and cannot be dropped.`;
  return `Rotation for ${name}: no change is waiting.`;
}

async function next(ctx: Ctx, m: RotationManager, words: string[]): Promise<string> {
  const record = await recordFor(ctx, m, words);
  await ctx.progress(m.queue.size > 0 ? `Queued behind ${m.queue.size} change(s)…` : `Changing ${record.definition.target.name}'s photo…`);
  const name = record.definition.target.name;
  const tz = record.definition.schedule.timezone;
  const outcome = await m
    .runNow(record.id, (wait) => {
      // A long wait is not a hang: say how long, when the change will be made, and how to drop it.
      const text = `⏳ Telegram asks to wait ${formatDuration(wait.seconds)} before the next photo change: ${name}'s photo will be changed at ${formatLocal(wait.until, tz)}. Send .rotation drop ${record.id} to drop it.`;
      void ctx.progress(text, { now: true });
    })
    .catch((err: unknown) => {
      if (err instanceof ChangeDroppedError) throw new UserError(`Rotation for ${name}: the change was dropped; the photo was not changed.`);
      throw err;
    });
  if (!outcome.ok) throw new UserError(`Rotation for ${name}: ${outcome.text.replace(/\.$/, "")}${outcome.paused ? " (the rotation is paused)" : ""}.`);
  return `Rotation for ${name}: now showing ${outcome.image}${outcome.skipped ? ` (${outcome.skipped} unusable file(s) skipped; see .rotation show)` : ""}.`;
}

/** The rotation a command names: a numeric id it knows, else the contact the word (or the private chat) resolves to. */
async function recordFor(ctx: Ctx, m: RotationManager, words: string[]): Promise<RotationRecord> {
  if (words.length > 1) throw new UsageError("Name one contact.");
  const parsed = words[0] === undefined ? undefined : parseTargetWord(words[0]);
  if (parsed && "id" in parsed) {
    const byId = m.get(parsed.id.toString());
    if (byId) return byId;
  }
  const [target] = await resolveTargets(ctx.telegram, words, ctx.message);
  const record = m.get(target.user.id.toString());
  if (!record) throw new UserError(`There is no rotation for ${target.name}. Start one with .rotation add.`);
  return record;
}

interface AddInput {
  target: Target;
  schedule: Schedule | undefined;
  folder: { dir: string; images: number } | undefined;
  order: RotationOrder | undefined;
  replied: Message | undefined;
}

/**
 * Checks everything first (options, schedule, zone, folder, contact, the
 * replied images) and saves only when all of it is fine.
 */
async function add(ctx: Ctx, m: RotationManager, words: string[]): Promise<string> {
  const input = await checkAdd(ctx, words, m.defaultTimezone);
  const existing = m.get(input.target.user.id.toString());
  const images = input.folder ? [] : input.replied ? await repliedImages(ctx, input.replied) : [];
  if (!input.folder && images.length === 0 && !existing) {
    throw new UsageError("Give a folder (--folder=<path>) or reply to a photo or an album.");
  }
  if (images.length > 0 && existing?.definition.source.kind === "folder") {
    throw new UserError(`${existing.definition.target.name}'s rotation uses the folder ${existing.definition.source.path}: put the images there.`);
  }
  const source: RotationSource = input.folder ? { kind: "folder", path: input.folder.dir } : (existing?.definition.source ?? { kind: "pool" });
  const schedule =
    input.schedule ??
    (existing ? parseSchedule(existing.definition.schedule.text, existing.definition.schedule.timezone) : parseSchedule(DEFAULT_SCHEDULE, m.defaultTimezone));
  const order = input.order ?? existing?.definition.order ?? "sequential";
  const record = await m.define(targetOf(input.target.user), schedule, source, order);
  const added = images.length > 0 ? await m.addToPool(record.id, images) : [];
  const next = m.nextRun(record.id);
  const what =
    source.kind === "folder"
      ? `folder ${source.path} (${input.folder?.images ?? "?"} images)`
      : `pool${added.length ? ` (${added.length} image(s) added)` : ""}`;
  return [
    `Rotation for ${input.target.name} ${existing ? "updated" : "created"}: ${schedule.text} (${schedule.timezone}), ${what}, ${order}.`,
    next ? `Next change: ${formatLocal(next, schedule.timezone)}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
}

async function checkAdd(ctx: Ctx, words: string[], defaultTimezone: string): Promise<AddInput> {
  const { options } = ctx.args;
  const unknown = Object.keys(options).filter((key) => !ADD_OPTIONS.has(key));
  if (unknown.length) throw new UsageError(`Unknown option --${unknown[0]}.`);
  if (options.suggest !== undefined || (options.mode !== undefined && options.mode !== "set")) {
    throw new UsageError("A rotation only sets your personal photo: suggestions are messages to the person, and a schedule of them would be spam.");
  }
  const [targetWord, ...scheduleWords] = words;
  if (!targetWord) throw new UsageError("Name the contact: .rotation add @alice daily 09:00 --folder=<path>");
  const order = optionText(options, "order");
  if (order !== undefined && !ROTATION_ORDERS.includes(order as RotationOrder)) {
    throw new UsageError(`Unknown order "${order}": use sequential or shuffle.`);
  }
  const tz = optionText(options, "tz");
  const schedule = scheduleWords.length || tz ? parseSchedule(scheduleWords.join(" ") || DEFAULT_SCHEDULE, tz ?? defaultTimezone) : undefined;
  const folderPath = optionText(options, "folder");
  const folder = folderPath === undefined ? undefined : await checkFolder(folderPath);
  const [target] = await resolveTargets(ctx.telegram, [targetWord], ctx.message);
  if (!target.user.contact) throw new UserError(`${target.name} is not in your contacts: Telegram sets personal photos only for contacts.`);
  const replied = folder ? undefined : await ctx.replied();
  return { target, schedule, folder, order: order as RotationOrder | undefined, replied };
}

function optionText(options: Record<string, string | true>, key: string): string | undefined {
  const value = options[key];
  if (value === true) throw new UsageError(`--${key} needs a value, e.g. --${key}=...`);
  return value;
}

/**
 * The replied photo, or every photo of the replied album, prepared (square
 * JPEG) in memory: one that is not a usable image refuses the whole command,
 * so the pool never holds half an album.
 */
async function repliedImages(ctx: Ctx, replied: Message): Promise<Buffer[]> {
  const messages = await albumOf(ctx, replied);
  const prepareOptions = { ...parsePrepareOptions({}, ctx.config), crop: ctx.config.crop, maxInputBytes: ctx.config.maxInputMB * MB };
  const jpegs: Buffer[] = [];
  for (const [index, message] of messages.entries()) {
    const label = messages.length > 1 ? `Image ${index + 1} of the album` : "The replied image";
    const kind = classifyMedia(message);
    if (kind.kind !== "image" && !(kind.kind === "sticker" && kind.format === "static")) {
      throw new UserError(`${label} is a ${kind.label}: rotations take photos and images only.`);
    }
    await ctx.progress(`Preparing ${messages.length > 1 ? `image ${index + 1} of ${messages.length}` : "the image"}…`);
    const bytes = await ctx.telegram.media.download(message, { maxBytes: ctx.config.maxInputMB * MB });
    try {
      jpegs.push((await prepareImage(bytes, prepareOptions)).jpeg);
    } catch (err) {
      throw new UserError(`${label}: ${(err as Error).message}. Nothing was added.`);
    }
  }
  return jpegs;
}

async function albumOf(ctx: Ctx, replied: Message): Promise<Message[]> {
  const groupedId = replied.groupedId;
  if (groupedId === undefined) return [replied];
  const ids = Array.from({ length: ALBUM_SPAN * 2 + 1 }, (_, i) => replied.id - ALBUM_SPAN + i).filter((id) => id > 0);
  const around = await ctx.telegram.messages.get(replied.chat, ids);
  const album = around.filter((msg): msg is Message => msg?.groupedId === groupedId);
  return album.length > 0 ? album.sort((a, b) => a.id - b.id) : [replied];
}
