/**
 * The avatar pipelines offline, for trying options on files without Telegram:
 *
 *   npm run avatar -- prepare photo.heic avatar.jpg --crop=smart --size=1024
 *   npm run avatar -- prepare clip.mov avatar.mp4 --start=12 --frame=2
 *
 * The output's extension chooses the pipeline (.jpg a photo, .mp4 an animated
 * avatar); the input's content must match it, whatever the input is called.
 *
 * Exit codes: 0 done, 2 bad input or arguments (one line on stderr), 1 a bug.
 */
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { formatBytes, formatMs, UsageError, UserError } from "contact-userbot/sdk";
import { AVATAR_SIZE, DEFAULT_BACKGROUND, DEFAULT_MAX_INPUT_BYTES, JPEG_QUALITY, parsePrepareOptions, prepareImage, sniffMedia } from "./image";
import type { CommandOptions } from "./media/avatarOptions";
import { NotRegularFileError, readRegularFile, readRegularFileHead } from "./source/localFile";
import { DEFAULT_VIDEO_OPTIONS, VIDEO_LIMITS } from "./video/options";

const USAGE = `Usage: npm run avatar -- prepare <input> <output.jpg> [options]
       npm run avatar -- prepare <video> <output.mp4> [video options]
       npm run avatar -- import <contacts.vcf> [--out <folder>]

Turns an image (JPEG, PNG, WebP, GIF, TIFF, AVIF) into the square JPEG that
would be set as a contact's photo, or a video (MP4, MOV, WebM, GIF) into the
square MP4 of an animated avatar (at most ${VIDEO_LIMITS.maxDurationSec} s and 2 MB; needs ffmpeg).

Options:
  --crop=center|smart|fit  centre square (default), the most interesting
                           square, or the whole image on the background
  --size=<px>              output side, ${AVATAR_SIZE.min} to ${AVATAR_SIZE.max} (default ${AVATAR_SIZE.default})
  --bg=<colour>            background for transparency and fit: #rrggbb,
                           rrggbb, #rgb or a colour name such as navy
                           (default ${DEFAULT_BACKGROUND})
  --quality=<1-100>        JPEG quality (default ${JPEG_QUALITY.default})
  --help                   this text

Video options:
  --crop=center|fit        centre square (default) or the whole picture on --bg
  --size=<px>              output side, even, ${VIDEO_LIMITS.minSize} to ${VIDEO_LIMITS.maxSize} (default ${DEFAULT_VIDEO_OPTIONS.size})
  --start=<s>              where the clip starts in the video (default 0)
  --duration=<s>           clip length (default and most ${VIDEO_LIMITS.maxDurationSec} s)
  --frame=<s>              the still preview frame, seconds into the clip
  --bg=<colour>            colour around a fitted video (default ${DEFAULT_VIDEO_OPTIONS.background})

import: what an address book import would find in a vCard file (cards,
photos, photos that cannot be used and why), with no Telegram; --out writes
each usable photo, prepared as the avatar JPEG, one file per card.
Exit 0 when the file was read, 2 when it is not a vCard.`;

const PREPARE_OPTIONS = ["crop", "size", "bg", "quality"];
const VIDEO_PREPARE_OPTIONS = ["crop", "size", "bg", "start", "duration", "frame"];
/** Enough of a file to tell what it is (see sniffMedia). */
const SNIFF_BYTES = 4096;

export interface CliArgs {
  positional: string[];
  /** `--key=value` → "value", `--flag` → true; keys lower-cased. */
  options: Record<string, string | true>;
}

/**
 * argv is already split by the shell, so no quoting rules are needed here
 * (the chat parser in src/commands/parser.ts works on raw text instead).
 * A lone `--` ends the options, for file names starting with a dash.
 */
export function parseCliArgs(argv: string[]): CliArgs {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  let optionsEnded = false;
  for (const arg of argv) {
    if (optionsEnded || !arg.startsWith("--")) {
      positional.push(arg);
    } else if (arg === "--") {
      optionsEnded = true;
    } else {
      const [key, ...value] = arg.slice(2).split("=");
      options[key.toLowerCase()] = value.length > 0 ? value.join("=") : true;
    }
  }
  return { positional, options };
}

/** Runs the CLI; returns the exit code. Output goes through the given streams so tests could capture it. */
export async function runCli(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const args = parseCliArgs(argv);
  if (args.options.help === true || args.positional[0] === "help") {
    out.write(`${USAGE}\n`);
    return 0;
  }
  try {
    const [command, ...rest] = args.positional;
    if (command === undefined) throw new UsageError("Missing command: try prepare or import");
    if (command === "import") {
      // Each command loads only what it needs (here the vCard parsers): start-up is most of a prepare's time.
      const { importCommand } = await import("./addressbook/importCli");
      out.write(`${await importCommand(rest, args.options)}\n`);
      return 0;
    }
    if (command !== "prepare") throw new UsageError(`Unknown command "${command}": try prepare or import`);
    out.write(`${await prepareCommand({ positional: rest, options: args.options })}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UserError) {
      const hint = error instanceof UsageError ? ' (see "npm run avatar -- --help")' : "";
      err.write(`${error.message}${hint}\n`);
      return 2;
    }
    err.write(`Unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `prepare <input> <output.jpg|.mp4>`; returns the line to print. */
async function prepareCommand({ positional, options }: CliArgs): Promise<string> {
  if (positional.length === 2 && /\.mp4$/i.test(positional[1])) return prepareVideoCommand(positional[0], positional[1], options);
  const unknown = Object.keys(options).filter((key) => !PREPARE_OPTIONS.includes(key));
  if (unknown.length > 0) {
    throw new UsageError(`Unknown option --${unknown[0]}: prepare takes --crop, --size, --bg and --quality`);
  }
  if (positional.length !== 2) throw new UsageError("prepare needs an input file and an output .jpg file");
  const [inputPath, outputPath] = positional;
  if (!/\.jpe?g$/i.test(outputPath)) throw new UsageError(`The output "${outputPath}" must end in .jpg (or .mp4 for a video)`);
  const prepareOptions = parsePrepareOptions(options, {
    size: AVATAR_SIZE.default,
    quality: JPEG_QUALITY.default,
    background: DEFAULT_BACKGROUND,
  });

  const input = await readInput(inputPath);
  const media = sniffMedia(input);
  // The content, not the input's name, decides; the output's extension chose this pipeline.
  if (media.kind === "video") throw new UsageError(`This is a video: name the output .mp4 for an animated avatar`);
  if (media.kind === "animated-sticker") {
    throw new UserError("Animated stickers (TGS) are set through Telegram's sticker markup, not prepared from a file");
  }
  const result = await prepareImage(input, prepareOptions);

  await writeOutput(outputPath, result.jpeg);
  return `${path.basename(outputPath)}: ${result.width}×${result.height}, ${formatBytes(result.bytes)}, ${formatMs(result.ms)}`;
}

/**
 * `prepare <video> <output.mp4>`. ffmpeg reads the input file itself, so a
 * large video is never loaded into this process; only the result (at most
 * 2 MB) is.
 */
async function prepareVideoCommand(inputPath: string, outputPath: string, options: CommandOptions): Promise<string> {
  // The video pipeline (ffprobe's output schema, ffmpeg) only for a video: a photo's prepare never loads it.
  const [{ checkKnownOptions, videoOptionsFrom }, { prepareVideo }] = await Promise.all([import("./media/avatarOptions"), import("./video/prepareVideo")]);
  checkKnownOptions(options, VIDEO_PREPARE_OPTIONS);
  // Parsed before any file is touched: a typo costs no conversion.
  const videoOptions = videoOptionsFrom(options, { size: DEFAULT_VIDEO_OPTIONS.size, background: DEFAULT_VIDEO_OPTIONS.background });
  const media = sniffMedia(await readHead(inputPath));
  if (media.kind === "image" && media.format !== "gif") throw new UsageError("This is an image, not a video: name the output .jpg for a photo");
  if (media.kind === "animated-sticker") {
    throw new UserError("Animated stickers (TGS) are set through Telegram's sticker markup, not prepared from a file");
  }
  const video = await prepareVideo({ path: inputPath }, videoOptions);
  await writeOutput(outputPath, video.mp4);
  const facts = [
    `${video.width}×${video.height}`,
    formatBytes(video.bytes),
    `${Number(video.durationSec.toFixed(1))} s long`,
    `preview frame at ${Number(video.videoStartTs.toFixed(2))} s`,
    formatMs(video.ms),
  ];
  return `${path.basename(outputPath)}: ${facts.join(", ")}`;
}

/** Written to a temporary name in the same folder, then renamed: a failed or interrupted run never leaves a half-written avatar behind. */
async function writeOutput(outputPath: string, bytes: Buffer): Promise<void> {
  await writeFileAtomic(outputPath, bytes).catch((error: unknown) => {
    throw fileError("write", outputPath, error);
  });
}

/**
 * The first bytes of a file, for sniffing, with the same plain messages as a
 * full read. Only a regular file gets this far: ffmpeg, which reads the path
 * itself afterwards, would hang on a FIFO and read /dev/zero for ever.
 */
async function readHead(inputPath: string): Promise<Buffer> {
  try {
    const { head, size } = await readRegularFileHead(inputPath, SNIFF_BYTES);
    if (size === 0) throw new UserError("The file is empty");
    return head;
  } catch (error) {
    throw error instanceof UserError ? error : fileError("read", inputPath, error);
  }
}

/** A regular file only, its size checked before reading, and never more than the limit read. */
async function readInput(inputPath: string): Promise<Buffer> {
  try {
    return await readRegularFile(inputPath, DEFAULT_MAX_INPUT_BYTES);
  } catch (error) {
    throw error instanceof UserError ? error : fileError("read", inputPath, error);
  }
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is not a folder",
  ENOSPC: "the disk is full",
  EROFS: "the file system is read-only",
};

function fileError(action: "read" | "write", filePath: string, error: unknown): Error {
  if (error instanceof NotRegularFileError) return new UserError(`Cannot ${action} "${filePath}": ${error.message}`);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? undefined : FILE_ERRORS[code];
  // An unfamiliar failure is not the user's to fix: let it through as a bug.
  if (reason === undefined) return error instanceof Error ? error : new Error(String(error));
  return new UserError(`Cannot ${action} "${filePath}": ${reason}`);
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`Unexpected error: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
