/**
 * Scratch folders of a conversion killed with kill -9 (issue 10, failure 11):
 * the next start removes them, and never a folder of a process still running.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { once } from "node:events";
import { removeStaleTempDirs } from "../../../../plugins/contact-avatar/video/tempDir";

const ROOT = path.resolve(__dirname, "../../../..");
const TSX_CJS = require.resolve("tsx/cjs");

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stale-scratch-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A process that opens a scratch folder, writes "the contact's video" into it, says where, and waits. */
function converter() {
  const code = `
    const { withPrivateTempDir } = require(${JSON.stringify(path.join(ROOT, "plugins/contact-avatar/video/tempDir.ts"))});
    withPrivateTempDir(async (dir) => {
      require("node:fs").writeFileSync(dir + "/input", "the contact's video");
      process.stdout.write(dir + "\\n");
      await new Promise(() => setInterval(() => undefined, 1000));
    });`;
  // Node itself with tsx's require hook, not the tsx wrapper: the process killed must be the one converting.
  return spawn(process.execPath, ["--require", TSX_CJS, "-e", code], { env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "inherit"] });
}

async function folderOf(child: ReturnType<typeof converter>): Promise<string> {
  const [chunk] = (await once(child.stdout, "data")) as [Buffer];
  return chunk.toString().trim();
}

it("should remove the folder of a conversion killed with kill -9, and keep a running one's", async () => {
  const killed = converter();
  const running = converter();
  try {
    const killedDir = await folderOf(killed);
    const runningDir = await folderOf(running);
    killed.kill("SIGKILL");
    await once(killed, "exit");
    expect(fs.existsSync(path.join(killedDir, "input"))).toBe(true);

    expect(await removeStaleTempDirs(tmp)).toEqual([killedDir]);
    expect(fs.existsSync(killedDir)).toBe(false);
    expect(fs.existsSync(path.join(runningDir, "input"))).toBe(true);
  } finally {
    killed.kill("SIGKILL");
    running.kill("SIGKILL");
  }
}, 20000);

it("should leave alone folders that are not its own kind", async () => {
  fs.mkdirSync(path.join(tmp, "contact-avatar-video-abc"));
  fs.mkdirSync(path.join(tmp, "something-else-1-x"));
  expect(await removeStaleTempDirs(tmp)).toEqual([]);
  expect(fs.readdirSync(tmp).sort()).toEqual(["contact-avatar-video-abc", "something-else-1-x"]);
});
