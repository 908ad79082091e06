/**
 * `npm run sandbox` as a user runs it: its own process, a script on stdin,
 * the transcript on stdout, the exit code at the end.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { formatBytes } from "../../../src/util/bytes";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { canDecodeVideo } from "../../../local-telegram/world/videoFrame";

const hasFfmpeg = canDecodeVideo();

interface SandboxRun {
  code: number | string;
  stdout: string;
  stderr: string;
}

const RUN_TIMEOUT_MS = 60_000;

function runSandbox(script: string, args: string[] = [], timeoutMs = RUN_TIMEOUT_MS): Promise<SandboxRun> {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), [path.resolve("local-telegram/sandbox/main.ts"), ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(script);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the sandbox did not exit within ${timeoutMs} ms; stdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, stdout, stderr });
    });
  });
}

/** The lines printed after the echo of `command` up to the next echoed command. */
function answerTo(stdout: string, command: string): string {
  const lines = stdout.split("\n");
  const start = lines.indexOf(`> ${command}`);
  if (start < 0) throw new Error(`"${command}" is not in the transcript:\n${stdout}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => line.startsWith("> "));
  return rest.slice(0, end < 0 ? undefined : end).join("\n");
}

describe("npm run sandbox", () => {
  // The sandbox seeds the same world: its ids are the ones a seeded world has here.
  let world: SeededWorld;
  let nextMessageId: number;
  let tmp: string;
  let logFile: string;

  beforeAll(async () => {
    world = await World.seeded();
    nextMessageId = Math.max(...world.account(world.ownerId).mailbox.messages.keys()) + 1;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "sandbox-test-"));
    logFile = path.join(tmp, "sandbox.log");
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("should list the world, answer .ping, set Alice's personal photo from a replied photo, and exit 0 at end of input", async () => {
    const saved = path.join(tmp, "personal.jpg");
    const photoMessage = world.ids.aliceChat.photoMessage;
    const script = [".ping", "/photo-state alice", `/reply ${photoMessage} .setpfp`, "/photo-state alice", `/save-photo alice personal ${saved}`].join("\n");

    const run = await runSandbox(script, [`--log-file=${logFile}`]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Alice Liddell: id ${world.ids.alice}, @alice, +14155550101, contact`);
    expect(run.stdout).toContain(`Carol: id ${world.ids.carol}, @carol, +14155550103, not a contact`);
    expect(run.stdout).toContain(`Friends: group id ${world.ids.friends}`);
    expect(answerTo(run.stdout, ".ping")).toMatch(/✎ #\d+ You: Pong/);
    expect(answerTo(run.stdout, "/photo-state alice")).toContain("personal: none");
    // Alice's two earlier own photos (photos.getUserPhotos lists them after the current one).
    expect(answerTo(run.stdout, "/photo-state alice")).toMatch(/earlier own photo 2: photo \d+: a 160×160 .*\n.*earlier own photo 3: photo \d+: a 160×160/);
    expect(answerTo(run.stdout, `/reply ${photoMessage} .setpfp`)).toMatch(/✎ #\d+ You ↩ #\d+: Personal photo set for Alice Liddell/);
    const after = run.stdout.slice(run.stdout.lastIndexOf("> /photo-state alice"));
    expect(after).toMatch(/personal: photo \d+: a 160×160 .*c 640×640/);
    const meta = await sharp(fs.readFileSync(saved)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 640, 640]);
    // A script gets no prompts, and the userbot's log goes to its file, not the transcript.
    expect(run.stdout).not.toMatch(/\] > /);
    expect(run.stdout).not.toContain(" DEBUG ");
    expect(fs.readFileSync(logFile, "utf8")).toMatch(/DEBUG .*\.setpfp done/);
  });

  it("should run behind a simulated link with --link, and refuse a link it cannot read", async () => {
    const run = await runSandbox(`/reply ${world.ids.aliceChat.photoMessage} .setpfp`, [`--log-file=${logFile}`, "--link=40ms,20mbit"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Simulated link: 40 ms round trip, 20 Mbit/s.");
    expect(answerTo(run.stdout, `/reply ${world.ids.aliceChat.photoMessage} .setpfp`)).toMatch(/Personal photo set for Alice Liddell/);

    const bad = await runSandbox(".ping", ["--link=fast"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('--link: "fast" is neither a round trip (80ms) nor a bandwidth (20mbit)');
  });

  it("should explain a bad sandbox command, carry on with the script, and exit 2", async () => {
    const missing = path.join(tmp, "missing.jpg");
    const run = await runSandbox(["/bogus", `/photo ${missing}`, "/chat nobody", ".ping"].join("\n"), [`--log-file=${logFile}`]);

    expect(run.code).toBe(2);
    expect(answerTo(run.stdout, "/bogus")).toBe(
      '  ! Unknown sandbox command /bogus. Type /help for the list; start a line with "//" to send text beginning with "/".',
    );
    expect(answerTo(run.stdout, `/photo ${missing}`)).toBe(`  ! Cannot read ${missing}: no such file.`);
    expect(answerTo(run.stdout, "/chat nobody")).toMatch(/! No chat "nobody". Known: @alice/);
    expect(answerTo(run.stdout, ".ping")).toMatch(/Pong/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("should let Alice send a photo to suggest, and exit 1 when the userbot answers with an unexpected error", async () => {
    const image = path.join(tmp, "cat.jpg");
    await sharp({ create: { width: 700, height: 500, channels: 3, background: "#c08040" } })
      .jpeg()
      .toFile(image);
    const sent = nextMessageId;
    const script = [
      `/as alice /photo ${image} my cat`,
      `/reply ${sent} .suggestpfp`,
      "/photo-state alice",
      // Twice: the request pipeline retries one 500 by itself.
      "/fail photos.uploadContactProfilePhoto INTERNAL_SERVER_ERROR 2",
      `/reply ${sent} .setpfp`,
      "/quit",
      ".ping",
    ].join("\n");

    const run = await runSandbox(script, [`--log-file=${logFile}`]);

    expect(answerTo(run.stdout, `/as alice /photo ${image} my cat`)).toBe(`  → #${sent} Alice Liddell: [photo 700×500] my cat`);
    const suggestion = answerTo(run.stdout, `/reply ${sent} .suggestpfp`);
    expect(suggestion).toContain("Photo suggested to Alice Liddell");
    expect(suggestion).toContain(`← #${sent + 2} You: suggested a profile photo (640×640)`);
    expect(answerTo(run.stdout, "/photo-state alice")).toMatch(new RegExp(`suggested in message #${sent + 2}: photo \\d+: a 160×160`));
    const failed = answerTo(run.stdout, `/reply ${sent} .setpfp`);
    expect(failed).toMatch(/Telegram refused: INTERNAL_SERVER_ERROR \(ref [0-9a-f]{6}\)/);
    expect(failed).toContain("✗ userbot failure");
    expect(run.stdout).not.toContain("> .ping"); // nothing after /quit runs
    expect(run.code).toBe(1);
  });

  it("should run the example tour, every userbot command in it, with every /expect met", async () => {
    const example = fs.readFileSync(path.resolve("local-telegram/sandbox/example.txt"), "utf8").replaceAll("data/", `${tmp}/`);
    const run = await runSandbox(example, [`--log-file=${logFile}`], 120_000);

    expect(run.stdout).not.toMatch(/^ {2}[!✗]/m);
    const commands = ["help", "plugins", "reload", "ping", "config", "setpfp", "suggestpfp", "resetpfp", "pfpinfo", "pfpundo", "rotation", "pfpimport"];
    for (const name of commands) expect(run.stdout).toMatch(new RegExp(`^> (/reply \\S+ )?\\.${name}\\b`, "m"));
    const expectations = example.split("\n").filter((line) => line.startsWith("/expect ")).length;
    expect(run.stdout.split("\n").filter((line) => line === "  ✓ as expected")).toHaveLength(expectations);
    expect(run.code).toBe(0);
  }, 130_000);

  it("should fail the run (exit 1) when an /expect line does not find its text, and say where", async () => {
    const run = await runSandbox(["/expect Pong", ".ping", "/expect Pong", ".ping", "/expect Pang", "/expect /Po+ng/"].join("\n"), [`--log-file=${logFile}`]);
    expect(answerTo(run.stdout, "/expect Pong")).toBe("  ! /expect checks the answer to the line before it: there is none yet.");
    expect(run.stdout).toContain('  ✗ expected "Pang" in the answer to ".ping"');
    // /expect reads the answer to the last line that was not an /expect: .ping again.
    expect(run.stdout.split("\n").filter((line) => line === "  ✓ as expected")).toHaveLength(2);
    expect(run.code).toBe(1);
  });

  it("should save a video avatar as its still and its MP4, reply to the last message, and round sizes as the userbot does", async () => {
    const still = path.join(tmp, "video-still.jpg");
    const mp4 = path.join(tmp, "video.mp4");
    const sent = path.join(tmp, "sent.mp4");
    const script = [
      `/reply ${world.ids.aliceChat.videoMessage} .setpfp`,
      `/save-photo alice personal ${still}`,
      `/save-photo alice personal ${mp4} video`,
      `/save-photo alice personal ${sent} uploaded`,
      `/as alice /photo ${still} again`,
      "/reply last .pfpinfo",
    ].join("\n");
    const run = await runSandbox(script, [`--log-file=${logFile}`], 120_000);
    if (!hasFfmpeg) {
      expect(answerTo(run.stdout, `/reply ${world.ids.aliceChat.videoMessage} .setpfp`)).toContain("need ffmpeg");
      return;
    }
    expect(run.code).toBe(0);
    expect(answerTo(run.stdout, `/reply ${world.ids.aliceChat.videoMessage} .setpfp`)).toMatch(/Personal photo set for Alice Liddell \(animated/);
    const stillLine = answerTo(run.stdout, `/save-photo alice personal ${still}`);
    expect(stillLine).toBe(`  saved Alice Liddell's personal photo (size c 640×640, ${formatBytes(fs.statSync(still).size)}) to ${still}`);
    expect(answerTo(run.stdout, `/save-photo alice personal ${mp4} video`)).toMatch(/the video 800×800/);
    expect(fs.readFileSync(mp4).toString("latin1", 4, 8)).toBe("ftyp");
    expect(fs.readFileSync(sent).equals(fs.readFileSync(mp4))).toBe(true);
    // The still is a frame of the video (ffmpeg's test pattern), not a flat placeholder.
    const { channels } = await sharp(still).stats();
    expect(Math.max(...channels.slice(0, 3).map((c) => c.stdev))).toBeGreaterThan(20);
    expect(answerTo(run.stdout, "/reply last .pfpinfo")).toMatch(/#\d+ You ↩ #\d+: Alice Liddell/);
  }, 130_000);

  it("should refuse an unknown option before starting anything", async () => {
    const run = await runSandbox("", ["--bogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      "Unknown option --bogus. Options: --verbose, --log-file=<path>, --timeout=<seconds per command>, --link=<e.g. 80ms,20mbit>.",
    );
    expect(run.stdout).toBe("");
  });
});
