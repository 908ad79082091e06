/**
 * What a start loads (issue 14's start-up targets): the avatar CLI's photo
 * prepare loads sharp and the image pipeline only, not GramJS, zod, the video
 * pipeline or the address book; the contact-avatar plugin loads none of its
 * heavy libraries (sharp, libphonenumber-js, tsdav, vcf) until a command or
 * job needs them. Run compiled in a child process, as `npm start` and
 * `npm run avatar` run them (dist/ is built by the global set-up).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";

const ROOT = path.resolve(__dirname, "../..");

/** The files in the child's require cache after `script` ran (it prints them as JSON). */
function loadedBy(script: string): string[] {
  const out = execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
  return (JSON.parse(out) as string[]).map((file) => path.relative(ROOT, file));
}

const from = (loaded: string[], prefix: string) => loaded.filter((file) => file.startsWith(prefix));
/** A package's files, wherever node_modules is (in a worktree it is a link to another checkout's). */
const ofPackage = (loaded: string[], name: string) => loaded.filter((file) => file.includes(`node_modules/${name}/`));

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lazy-loading-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("what start-up loads", () => {
  it("should prepare a photo with the CLI without loading GramJS, zod, the video pipeline or the address book", async () => {
    const input = path.join(dir, "in.png");
    await sharp({ create: { width: 64, height: 48, channels: 3, background: "#336699" } })
      .png()
      .toFile(input);
    const output = path.join(dir, "out.jpg");
    const loaded = loadedBy(`
      const { runCli } = require("./dist/plugins/contact-avatar/cli.js");
      runCli(["prepare", ${JSON.stringify(input)}, ${JSON.stringify(output)}], { write() {} }, process.stderr).then((code) => {
        if (code !== 0) process.exit(code);
        process.stdout.write(JSON.stringify(Object.keys(require.cache)));
      });`);
    expect(fs.statSync(output).size).toBeGreaterThan(0);
    // The check could not fail if nothing were recorded: sharp does the work, so it is there.
    expect(ofPackage(loaded, "sharp").length).toBeGreaterThan(0);
    for (const library of ["telegram", "zod", "tsdav", "vcf", "libphonenumber-js"]) expect(ofPackage(loaded, library)).toEqual([]);
    expect(from(loaded, "dist/plugins/contact-avatar/video/prepareVideo")).toEqual([]);
    expect(from(loaded, "dist/plugins/contact-avatar/addressbook/")).toEqual([]);
  });

  it("should load the contact-avatar plugin without its heavy libraries, which its commands load when used", () => {
    const loaded = loadedBy(`
      require("./dist/src/plugins/tsPlugins.js").installTsPlugins();
      const definition = require("./plugins/contact-avatar/index.ts").default();
      if (!definition.commands.length) process.exit(3);
      process.stdout.write(JSON.stringify(Object.keys(require.cache)));`);
    // Loaded for real (its settings are zod schemas, its commands its own files).
    expect(ofPackage(loaded, "zod").length).toBeGreaterThan(0);
    expect(from(loaded, "plugins/contact-avatar/commands/").length).toBeGreaterThan(3);
    for (const library of ["sharp", "libphonenumber-js", "tsdav", "vcf"]) expect(ofPackage(loaded, library)).toEqual([]);
    // The video pipeline (ffprobe's output schema, the transcoder) comes with the first video.
    expect(from(loaded, "plugins/contact-avatar/video/").length).toBeGreaterThan(0);
    for (const file of ["prepareVideo", "probe", "transcode", "extractStill"]) expect(from(loaded, `plugins/contact-avatar/video/${file}`)).toEqual([]);
  });
});
