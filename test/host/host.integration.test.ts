/**
 * The real host, a real GramJS client and real plugins against the local
 * Telegram server: commands arrive as updates, answers leave as edits.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Api } from "telegram";
import { TestDc } from "../../local-telegram/server";
import type { SeededWorld } from "../../local-telegram/world";
import { HOST_JOBS_OWNER, SESSION_CHECK_JOB } from "../../src/host/host";
import { startSeededHost, type RunningHost, type SeededHost } from "../../local-telegram/runningHost";

function writePlugin(dir: string, name: string, source: string): void {
  fs.mkdirSync(path.join(dir, name), { recursive: true });
  fs.writeFileSync(path.join(dir, name, "index.js"), source);
}

/** Plugins written for these tests: a sudo-allowed echo, an owner-only command, and one that throws in setup. */
function testPlugins(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "userbot-plugins-"));
  writePlugin(
    dir,
    "echo",
    `module.exports = { default: { name: "echo", description: "Echo test plugin", commands: [
      { name: "echo", description: "Says it back", sudo: true, async handler(ctx) { await ctx.answer("echo: " + ctx.args.raw); } },
      { name: "secret", description: "Owner only", async handler(ctx) { await ctx.answer("secret ran"); } },
      { name: "boom", description: "Fails", async handler() { throw new Error("kaboom internal detail"); } },
    ] } };`,
  );
  // The shipped example, linked so that its imports of src/ resolve.
  fs.symlinkSync(path.resolve("plugins/hello"), path.join(dir, "hello"), "dir");
  writePlugin(dir, "broken", `module.exports = { default: { name: "broken", description: "Throws in setup", setup() { throw new Error("no database"); } } };`);
  return dir;
}

describe("host against the local Telegram server", () => {
  let dc: TestDc;
  let world: SeededWorld;
  let running: RunningHost;

  let seeded: SeededHost;
  let pluginsDir: string;

  beforeAll(async () => {
    pluginsDir = testPlugins();
    seeded = await startSeededHost({ plugins: ["echo", "broken", "hello"], pluginsDir, local: (w) => ({ sudoUsers: [Number(w.ids.bob)] }) });
    ({ world, dc, running } = seeded);
  });

  afterAll(async () => {
    await seeded?.stop();
    fs.rmSync(pluginsDir, { recursive: true, force: true });
  });

  /** The owner types `text` in the chat with `userId` (from another device); resolves with the final text of the command message. */
  async function ownerCommand(text: string, chat: { userId: bigint } | { chatId: bigint } = { userId: world.ids.alice }) {
    const sent = world.ownerSends(chat, { text });
    await running.handled(sent.id);
    return world.message(sent.id)?.text;
  }

  it("should answer the owner's .ping by editing the command message", async () => {
    const text = await ownerCommand(".ping");
    expect(text).toMatch(/^Pong: \d+ ms to Telegram$/);
    const edit = dc.calls.of("messages.EditMessage").at(-1);
    expect(edit?.params.message).toMatch(/^Pong/);
  });

  it("should ignore a stranger's .ping", async () => {
    const before = dc.calls.all.length;
    const sent = world.userSends(world.ids.carol, { text: ".ping" });
    await running.handled(sent.id);
    const after = dc.calls.all.slice(before).map((c) => c.method);
    expect(after).not.toContain("messages.SendMessage");
    expect(after).not.toContain("messages.EditMessage");
  });

  it("should run a sudo user's allowed command as a reply, and not a disallowed one", async () => {
    const sent = world.userSends(world.ids.bob, { text: ".echo hi there" });
    await running.handled(sent.id);
    const reply = dc.calls.of("messages.SendMessage").at(-1);
    expect(reply?.params.message).toBe("echo: hi there");
    expect((reply?.params.replyTo as Api.InputReplyToMessage | undefined)?.replyToMsgId).toBe(sent.id);

    const before = dc.calls.all.length;
    const secret = world.userSends(world.ids.bob, { text: ".secret" });
    await running.handled(secret.id);
    expect(dc.calls.all.slice(before).map((c) => c.method)).not.toContain("messages.SendMessage");
  });

  it("should keep the other plugins running when one throws in setup, and say why in .plugins", async () => {
    const text = await ownerCommand(".plugins");
    expect(text).toContain("✅ echo");
    expect(text).toMatch(/⛔ broken — disabled: setup failed: no database/);
    expect(await ownerCommand(".echo still here")).toBe("echo: still here");
  });

  // Before the flood-wait test: after its FLOOD_WAIT_250 on updates.GetState the
  // request pipeline (rightly) sends no GetState for 250 s.
  it("should notice a logged-out session even while idle, through its periodic check", async () => {
    await running.host.scheduler.runNow(HOST_JOBS_OWNER, SESSION_CHECK_JOB);
    expect(running.revoked).toHaveLength(0);
    dc.faults.add({ method: "updates.GetState", action: { rpcError: [401, "AUTH_KEY_UNREGISTERED"] } });
    await running.host.scheduler.runNow(HOST_JOBS_OWNER, SESSION_CHECK_JOB);
    expect(running.revoked.map((e) => e.reason)).toEqual(["AUTH_KEY_UNREGISTERED"]);
  });

  it("should report a flood wait as a human duration", async () => {
    dc.faults.add({ method: "updates.GetState", action: { rpcError: [420, "FLOOD_WAIT_250"] } });
    expect(await ownerCommand(".ping")).toBe("Telegram asks to wait 4 min 10 s before doing this again.");
  });

  it("should show an unexpected failure as one line with a reference id, logged in full", async () => {
    const text = await ownerCommand(".boom");
    const ref = /ref ([0-9a-f]{6})/.exec(text ?? "")?.[1];
    expect(text).toMatch(/^Something went wrong \(ref [0-9a-f]{6}\); the log has the details\.$/);
    expect(text).not.toContain("kaboom");
    expect(running.logs.join("\n")).toMatch(new RegExp(`ref ${ref}[\\s\\S]*kaboom internal detail`));
  });

  it("should show a usage error with the usage line", async () => {
    const text = await ownerCommand(".config");
    expect(text).toBe("Which plugin?\nUsage: .config <plugin> [key [value]]");
  });

  it("should not run a command again when the owner edits its message", async () => {
    const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".echo one" });
    await running.handled(sent.id);
    const answers = dc.calls.of("messages.EditMessage").length;
    world.ownerEdits({ userId: world.ids.alice }, sent.id, ".echo two");
    // An edit is no new message, so nothing reports it: a command sent after it, once answered, shows it was not run
    // (its update came first, so a wrongly run .echo two would have answered by then).
    const marker = world.ownerSends({ userId: world.ids.alice }, { text: ".echo marker" });
    await running.handled(marker.id);
    expect(dc.calls.of("messages.EditMessage").filter((c) => c.params.id !== marker.id)).toHaveLength(answers);
    expect(world.message(sent.id)?.text).toBe(".echo two");
  });

  it("should change a plugin setting with .config, validated, saved to config/local.json", async () => {
    expect(await ownerCommand(".hello Alice")).toBe("Hello, Alice! (greeting #1)");
    expect(await ownerCommand(".config hello greeting")).toMatch(/^hello\.greeting = "Hello" — The word to greet with/);
    expect(await ownerCommand(".config hello greeting Good morning")).toBe('hello.greeting = "Good morning" (saved to config/local.json)');
    expect(await ownerCommand('.hello "Alice and Bob"')).toBe("Good morning, Alice and Bob! (greeting #2)");
    const local = JSON.parse(fs.readFileSync(path.join(running.configDir, "local.json"), "utf8"));
    expect(local.pluginConfig.hello.greeting).toBe("Good morning");
    const tooLong = await ownerCommand(`.config hello greeting ${"x".repeat(60)}`);
    expect(tooLong).toMatch(/^Not saved: hello\.greeting: /);
    expect(JSON.parse(fs.readFileSync(path.join(running.configDir, "local.json"), "utf8")).pluginConfig.hello.greeting).toBe("Good morning");
  });

  it("should accept only declared setting names in .config, never prototype keys (issue 10, failure 10)", async () => {
    for (const key of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(await ownerCommand(`.config hello ${key}`)).toBe('hello has no setting "' + key + '" (it has: greeting)');
      expect(await ownerCommand(`.config hello ${key} {"x":1}`)).toBe('hello has no setting "' + key + '" (it has: greeting)');
    }
    const local = JSON.parse(fs.readFileSync(path.join(running.configDir, "local.json"), "utf8"));
    expect(Object.keys(local.pluginConfig?.hello ?? {})).not.toContain("__proto__");
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("should show a sudo user a plugin's help without the owner's setting values (issue 10, failure 9)", async () => {
    expect(await ownerCommand(".config hello greeting Howdy-private")).toMatch(/saved/);
    const sent = world.userSends(world.ids.bob, { text: ".help hello" });
    await running.handled(sent.id);
    const reply = dc.calls.of("messages.SendMessage").at(-1)?.params.message as string;
    expect(reply).toContain("greeting — The word to greet with");
    expect(reply).not.toContain("Howdy-private");
    expect(await ownerCommand(".help hello")).toContain('greeting = "Howdy-private"');
  });

  it("should not take its own answers as commands", async () => {
    const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".echo .ping" });
    await running.handled(sent.id);
    // The answer "echo: .ping" starts with "echo", not a prefix; a sudo reply that starts with the prefix:
    const bobAsk = world.userSends(world.ids.bob, { text: ".echo .ping" });
    await running.handled(bobAsk.id);
    const reply = dc.calls.of("messages.SendMessage").at(-1);
    expect(reply?.params.message).toBe("echo: .ping");
    const pings = dc.calls.count("updates.GetState");
    // Whatever of its own reply reaches the userbot came before a later message: once that is handled, nothing ran .ping.
    const marker = world.userSends(world.ids.bob, { text: "a later message" });
    await running.handled(marker.id);
    expect(dc.calls.count("updates.GetState")).toBe(pings);
  });

  it("should list built-ins and plugin commands in .help, and explain one command", async () => {
    const all = await ownerCommand(".help");
    expect(all).toContain(".ping — Round-trip time to Telegram");
    expect(all).toContain(".echo — Says it back");
    const one = await ownerCommand(".help echo");
    expect(one).toContain("echo: Echo test plugin");
  });

  it("should leave a message that merely starts with the prefix alone", async () => {
    const sent = world.ownerSends({ userId: world.ids.alice }, { text: "... well" });
    await running.handled(sent.id);
    expect(world.message(sent.id)?.text).toBe("... well");
  });
});

// Referenced so that the import is used even if a test above is skipped.
void Api;
