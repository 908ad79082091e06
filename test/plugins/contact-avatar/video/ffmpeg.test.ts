import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../../../src/core/errors";
import { FFMPEG_MISSING_MESSAGE, FfmpegMissingError } from "../../../../plugins/contact-avatar/video/errors";
import { extractStill } from "../../../../plugins/contact-avatar/video/extractStill";
import { findFfmpeg } from "../../../../plugins/contact-avatar/video/ffmpeg";
import { prepareVideo } from "../../../../plugins/contact-avatar/video/prepareVideo";
import { ffmpegRunsHere, requireTools } from "./fixtures";

const itWithFfmpeg = ffmpegRunsHere() ? it : it.skip;

describe("findFfmpeg", () => {
  let dir: string;
  const savedEnv = { FFMPEG_PATH: process.env.FFMPEG_PATH, FFPROBE_PATH: process.env.FFPROBE_PATH };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "avatar-ffmpeg-test-"));
  });

  afterEach(async () => {
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await rm(dir, { recursive: true, force: true });
  });

  itWithFfmpeg("should find ffmpeg and ffprobe and report the version", async () => {
    const tools = await requireTools();
    expect(tools.ffmpeg).toMatch(/ffmpeg$/);
    expect(tools.ffprobe).toMatch(/ffprobe$/);
    expect(tools.version).toMatch(/^\S+$/);
    expect(tools.version).not.toBe("unknown");
  });

  it("should report ffmpeg missing when FFMPEG_PATH points at a file that does not exist", async () => {
    expect(await findFfmpeg({ ...process.env, FFMPEG_PATH: join(dir, "no-such-ffmpeg") })).toBeUndefined();
  });

  it("should report ffmpeg missing when nothing is on PATH", async () => {
    expect(await findFfmpeg({ PATH: dir })).toBeUndefined();
  });

  it("should make prepareVideo and extractStill throw FfmpegMissingError with the install hint", async () => {
    process.env.FFMPEG_PATH = join(dir, "no-such-ffmpeg");
    const attempt = prepareVideo({ bytes: Buffer.from("whatever") });
    await expect(attempt).rejects.toThrow(FfmpegMissingError);
    await expect(attempt).rejects.toThrow(UserError);
    await expect(attempt).rejects.toThrow(FFMPEG_MISSING_MESSAGE);
    await expect(extractStill({ bytes: Buffer.from("whatever") }, { at: 0 })).rejects.toThrow(FfmpegMissingError);
    expect(FFMPEG_MISSING_MESSAGE).toContain("sudo apt-get install ffmpeg");
  });

  itWithFfmpeg("should take ffprobe from beside FFMPEG_PATH, or from FFPROBE_PATH", async () => {
    const real = await requireTools();
    await symlink(real.ffmpeg, join(dir, "ffmpeg"));
    // No ffprobe beside it yet: incomplete, so missing.
    expect(await findFfmpeg({ FFMPEG_PATH: join(dir, "ffmpeg") })).toBeUndefined();
    expect(await findFfmpeg({ FFMPEG_PATH: join(dir, "ffmpeg"), FFPROBE_PATH: real.ffprobe })).toMatchObject({
      ffmpeg: join(dir, "ffmpeg"),
      ffprobe: real.ffprobe,
    });
    await symlink(real.ffprobe, join(dir, "ffprobe"));
    expect(await findFfmpeg({ FFMPEG_PATH: join(dir, "ffmpeg") })).toMatchObject({ ffprobe: join(dir, "ffprobe") });
  });
});
