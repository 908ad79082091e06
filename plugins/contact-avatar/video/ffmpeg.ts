/**
 * Finds the ffmpeg and ffprobe to use. The system's ffmpeg comes first: the
 * OS keeps it patched, and ffmpeg decodes untrusted media (builds bundled in
 * npm packages are old). FFMPEG_PATH / FFPROBE_PATH override it.
 */
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { Deadline } from "./deadline";
import { FfmpegMissingError } from "./errors";
import { runTool } from "./runTool";

export interface FfmpegTools {
  ffmpeg: string;
  ffprobe: string;
  /** As ffmpeg reports it, e.g. "5.1.9-0+deb12u1". */
  version: string;
}

const EXE = process.platform === "win32" ? ".exe" : "";
const VERSION_CHECK_MS = 10_000;

/** Successful look-ups, keyed by the environment that produced them (a missing ffmpeg may be installed later). */
const found = new Map<string, Promise<FfmpegTools | undefined>>();

/** ffmpeg and ffprobe, or undefined when either is missing or does not run. */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<FfmpegTools | undefined> {
  const key = [env.FFMPEG_PATH, env.FFPROBE_PATH, env.PATH].join("\0");
  let lookup = found.get(key);
  if (!lookup) {
    lookup = locate(env);
    found.set(key, lookup);
    void lookup.then((tools) => {
      if (!tools) found.delete(key);
    });
  }
  return lookup;
}

/** Like findFfmpeg, but throws FfmpegMissingError (with the install hint) when it is missing. */
export async function requireFfmpeg(env: NodeJS.ProcessEnv = process.env): Promise<FfmpegTools> {
  const tools = await findFfmpeg(env);
  if (!tools) throw new FfmpegMissingError();
  return tools;
}

async function locate(env: NodeJS.ProcessEnv): Promise<FfmpegTools | undefined> {
  const ffmpeg = env.FFMPEG_PATH || (await searchPath(`ffmpeg${EXE}`, env.PATH));
  if (!ffmpeg) return undefined;
  // Beside an overridden ffmpeg, not on PATH: the two should come from the same build.
  const ffprobe = env.FFPROBE_PATH || (env.FFMPEG_PATH ? join(dirname(ffmpeg), `ffprobe${EXE}`) : await searchPath(`ffprobe${EXE}`, env.PATH));
  if (!ffprobe) return undefined;

  const version = await reportedVersion(ffmpeg);
  if (version === undefined || (await reportedVersion(ffprobe)) === undefined) return undefined;
  return { ffmpeg, ffprobe, version };
}

async function searchPath(name: string, pathVar: string | undefined): Promise<string | undefined> {
  for (const dir of (pathVar ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The version from `<tool> -version`, or undefined if it does not run. */
async function reportedVersion(bin: string): Promise<string | undefined> {
  try {
    const { stdout } = await runTool(bin, ["-version"], {
      deadline: new Deadline(VERSION_CHECK_MS),
      maxStdoutBytes: 64 * 1024,
    });
    return /version (\S+)/.exec(stdout.toString("utf8"))?.[1] ?? "unknown";
  } catch {
    return undefined;
  }
}
