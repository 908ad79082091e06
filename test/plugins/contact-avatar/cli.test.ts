import { execFile, execFileSync } from "node:child_process";
import { mkdtemp, readdir, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { isNear, makeJpeg, makePngClaimingSize, makePngWithAlpha, makeTruncatedJpeg, pixelAt } from "../../../fixtures/images";
import { writeBigJpeg } from "../../../fixtures/bigJpeg";
import { SVG_AS_AVIF } from "./fixtures/hostileImages";
import { makeMp4Header } from "./fixtures/media";
import { ffmpegRunsHere, ffprobeFile, makeMp4, requireTools } from "./video/fixtures";

const describeWithFfmpeg = ffmpegRunsHere() ? describe : describe.skip;

const ROOT = path.resolve(__dirname, "../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CLI = path.join(ROOT, "plugins/contact-avatar/cli.ts");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, as `npm run avatar -- ...` would. */
function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { cwd: ROOT, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("avatar CLI", () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "avatar-cli-"));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("should take a 108-megapixel phone photo (12000×9000 JPEG), which shrinks while decoding", async () => {
    await writeBigJpeg(12000, 9000, file("phone108.jpg"));
    const run = await runCli(["prepare", file("phone108.jpg"), file("avatar.jpg")]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^avatar\.jpg: 800×800, \d+ KB, [\d.]+ m?s\n$/);
    const meta = await sharp(file("avatar.jpg")).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 800, 800]);
  }, 60_000);

  it("should still refuse a 108-megapixel PNG, whose decoder produces every pixel", async () => {
    await writeFile(file("canvas.png"), await makePngClaimingSize({ width: 12000, height: 9000 }));
    const run = await runCli(["prepare", file("canvas.png"), file("avatar.jpg")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("The image is 12000×9000 pixels, more than the 100-megapixel limit\n");
  });

  it("should write a square JPEG and print its size, bytes and time", async () => {
    await writeFile(file("photo.jpg"), await makeJpeg({ width: 1200, height: 900 }));
    const run = await runCli(["prepare", file("photo.jpg"), file("avatar.jpg")]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^avatar\.jpg: 800×800, \d+ (B|KB), \d+(\.\d)? m?s\n$/);
    const metadata = await sharp(file("avatar.jpg")).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(["jpeg", 800, 800]);
    // Nothing else in the folder: the temporary file was renamed, not left over.
    expect((await readdir(dir)).sort()).toEqual(["avatar.jpg", "photo.jpg"]);
  });

  it("should apply --crop, --size, --bg and --quality", async () => {
    await writeFile(file("sticker.webp.png"), await makePngWithAlpha({ width: 400, height: 200 }));
    const run = await runCli(["prepare", file("sticker.webp.png"), file("out.JPEG"), "--crop=fit", "--size=640", "--bg=black", "--quality=95"]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/^out\.JPEG: 640×640, /);
    const out = await sharp(file("out.JPEG")).toBuffer();
    // Fit letterboxes 400×200 to 640×320: the top band and the transparent half are black.
    expect(isNear(await pixelAt(out, 320, 20), [0, 0, 0], 10)).toBe(true);
    expect(isNear(await pixelAt(out, 100, 320), [0, 0, 0], 10)).toBe(true);
  });

  it("should refuse an SVG dressed up as AVIF with one line and exit 2 (issue 10, failure 4)", async () => {
    await writeFile(file("photo.avif"), SVG_AS_AVIF);
    const run = await runCli(["prepare", file("photo.avif"), file("avatar.jpg")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^SVG drawings are not supported/);
    expect(await readdir(dir)).toEqual(["photo.avif"]);
  });

  it("should print usage for --help and exit 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: npm run avatar -- prepare <input> <output.jpg>");
    expect(run.stdout).toContain("--crop=center|smart|fit");
  });

  describe("bad input", () => {
    const cases: Array<[string, () => Promise<string[]>, RegExp]> = [
      ["no arguments", async () => [], /^Missing command: try prepare/],
      ["an unknown command", async () => ["squash", "a", "b"], /^Unknown command "squash"/],
      ["a missing output argument", async () => ["prepare", file("photo.jpg")], /^prepare needs an input file and an output \.jpg file/],
      ["a missing input file", async () => ["prepare", file("missing.jpg"), file("out.jpg")], /^Cannot read ".*missing\.jpg": no such file or folder$/],
      ["a folder as input", async () => ["prepare", dir, file("out.jpg")], /it is a folder$/],
      // Issue 10, failure 3: a device or FIFO was read for ever (or blocked the open).
      ["a device as input", async () => ["prepare", "/dev/zero", file("out.jpg")], /^Cannot read "\/dev\/zero": it is a device, not a regular file$/],
      [
        "a symlink to a device",
        async () => (await symlink("/dev/zero", file("zero.jpg")), ["prepare", file("zero.jpg"), file("out.jpg")]),
        /it is a device, not a regular file$/,
      ],
      [
        "a FIFO as input",
        async () => (execFileSync("mkfifo", [file("pipe.jpg")]), ["prepare", file("pipe.jpg"), file("out.jpg")]),
        /it is a FIFO \(named pipe\), not a regular file$/,
      ],
      [
        "a FIFO as video input",
        async () => (execFileSync("mkfifo", [file("pipe.mov")]), ["prepare", file("pipe.mov"), file("out.mp4")]),
        /it is a FIFO \(named pipe\), not a regular file$/,
      ],
      [
        "a sparse file over the limit",
        async () => (await truncate((await writeFile(file("big.jpg"), ""), file("big.jpg")), 1.5 * 1024 ** 3), ["prepare", file("big.jpg"), file("out.jpg")]),
        /^The file is 1\.5 GB, more than the/,
      ],
      ["an output that is not .jpg", async () => ["prepare", file("photo.jpg"), file("out.png")], /must end in \.jpg/],
      [
        "an output folder that does not exist",
        async () => ["prepare", file("photo.jpg"), file("nowhere/out.jpg")],
        /^Cannot write ".*": no such file or folder$/,
      ],
      [
        "a size out of range",
        async () => ["prepare", file("photo.jpg"), file("out.jpg"), "--size=2000"],
        /^--size must be a whole number from 640 to 1280, not "2000"/,
      ],
      ["an unknown option", async () => ["prepare", file("photo.jpg"), file("out.jpg"), "--zoom=2"], /^Unknown option --zoom/],
      ["a bad colour", async () => ["prepare", file("photo.jpg"), file("out.jpg"), "--bg=blurple"], /^Unknown colour "blurple"/],
      [
        "a text file named .jpg",
        async () => {
          await writeFile(file("notes.jpg"), "shopping list: milk, eggs\n");
          return ["prepare", file("notes.jpg"), file("out.jpg")];
        },
        /^This is not an image \(it looks like text\)$/,
      ],
      [
        "an empty file",
        async () => {
          await writeFile(file("empty.jpg"), "");
          return ["prepare", file("empty.jpg"), file("out.jpg")];
        },
        /^The file is empty$/,
      ],
      [
        "a truncated JPEG",
        async () => {
          await writeFile(file("cut.jpg"), await makeTruncatedJpeg({ width: 600, height: 400 }));
          return ["prepare", file("cut.jpg"), file("out.jpg")];
        },
        /^The image is truncated or damaged$/,
      ],
      [
        "a panorama beyond 10:1",
        async () => {
          await writeFile(file("wide.jpg"), await makeJpeg({ width: 1500, height: 100 }));
          return ["prepare", file("wide.jpg"), file("out.jpg")];
        },
        /^Aspect ratio 15:1 is beyond 10:1; use --crop=fit$/,
      ],
      [
        "a video",
        async () => {
          await writeFile(file("clip.jpg"), makeMp4Header());
          return ["prepare", file("clip.jpg"), file("out.jpg")];
        },
        /^This is a video: name the output \.mp4 for an animated avatar/,
      ],
    ];

    it.each(cases)("should exit 2 with one line and no output for %s", async (_, makeArgs, message) => {
      await writeFile(file("photo.jpg"), await makeJpeg({ width: 300, height: 200 }));
      const args = await makeArgs();
      const before = (await readdir(dir)).sort();
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
      expect((await readdir(dir)).sort()).toEqual(before);
    });
  });

  describeWithFfmpeg("videos", () => {
    const fixture = async (spec: Parameters<typeof makeMp4>[2]) => {
      const tools = await requireTools();
      return { tools, input: await makeMp4({ dir, tools, remove: async () => undefined }, "clip.mp4", spec) };
    };

    it("should write a square MP4 of at most 10 s and 2 MB and print its size, bytes, length and time", async () => {
      const { tools, input } = await fixture({ width: 640, height: 360, seconds: 14 });
      const run = await runCli(["prepare", input, file("avatar.mp4"), "--start=2", "--frame=3", "--size=480"]);
      expect(run).toMatchObject({ code: 0, stderr: "" });
      expect(run.stdout).toMatch(/^avatar\.mp4: 480×480, [\d.]+ (KB|MB), 10 s long, preview frame at 3 s, [\d.]+ m?s\n$/);
      const probed = await ffprobeFile(tools, file("avatar.mp4"));
      const video = probed.streams.find((st) => st.codec_type === "video");
      expect([video?.codec_name, video?.width, video?.height]).toEqual(["h264", 480, 480]);
      expect(probed.durationSec).toBeLessThanOrEqual(10.05);
      expect((await readdir(dir)).sort()).toEqual(["avatar.mp4", "clip.mp4"]);
    });

    it.each([
      ["a start beyond the end", ["--start=5"], /^--start=5 is beyond the end of the 2 s video/],
      ["a smart crop", ["--crop=smart"], /^Unknown crop "smart" for a video: use center or fit/],
      ["an odd size", ["--size=333"], /^--size must be an even whole number from 160 to 1280 for a video, not "333"/],
      ["a JPEG-only option", ["--quality=90"], /^Unknown option --quality/],
      ["a colour list", ["--bg=red,blue"], /^--bg takes one colour for videos/],
    ])("should exit 2 with one line and no output for %s", async (_, options, message) => {
      const { input } = await fixture({ width: 320, height: 240, seconds: 2 });
      const run = await runCli(["prepare", input, file("out.mp4"), ...options]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr.trimEnd()).toMatch(message);
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(await readdir(dir)).toEqual(["clip.mp4"]);
    });

    it("should refuse an image with an .mp4 output and a corrupt video, with one line each", async () => {
      await writeFile(file("photo.jpg"), await makeJpeg({ width: 300, height: 200 }));
      const image = await runCli(["prepare", file("photo.jpg"), file("out.mp4")]);
      expect([image.code, image.stderr.trimEnd()]).toEqual([2, expect.stringMatching(/^This is an image, not a video: name the output \.jpg/)]);
      await writeFile(file("broken.mp4"), Buffer.concat([makeMp4Header(), Buffer.alloc(2000, 7)]));
      const broken = await runCli(["prepare", file("broken.mp4"), file("out.mp4")]);
      expect(broken.code).toBe(2);
      expect(broken.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect((await readdir(dir)).sort()).toEqual(["broken.mp4", "photo.jpg"]);
    });
  });
});
