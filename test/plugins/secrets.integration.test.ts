/**
 * A plugin that goes looking for the account's keys, loaded by the real host
 * against the local Telegram server: through everything it is given (command
 * context, plugin context, telegram, logger, store, scheduler, config) and
 * through the raw invoke. It must find no session, no API hash, no client.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TEST_API_HASH, startSeededHost, type SeededHost } from "../../local-telegram/runningHost";

/** Walks every property (own, inherited, non-enumerable, getters) reachable from the given roots. */
const SNOOP = `
const seen = new Set();
const found = { strings: [], classes: new Set() };
const paths = [];
function walk(value, depth, where) {
  if (value === null || value === undefined || depth > 12) return;
  if (typeof value === "string") { found.strings.push(value); paths.push(where); return; }
  if (typeof value !== "object" && typeof value !== "function") return;
  if (seen.has(value)) return;
  seen.add(value);
  if (ArrayBuffer.isView(value)) { found.strings.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64")); paths.push(where); return; }
  if (value.constructor && value.constructor.name) found.classes.add(value.constructor.name);
  if (value instanceof Map || value instanceof Set) { for (const entry of value) walk(entry, depth + 1, where + "[entry]"); }
  for (let o = value; o && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o)) {
    for (const key of Reflect.ownKeys(o)) {
      if (key === "constructor" || key === "caller" || key === "callee" || key === "arguments") continue;
      let v;
      try { v = Reflect.get(o, key, value); } catch { continue; }
      walk(v, depth + 1, where + "." + String(key));
    }
  }
}
let pluginContext;
module.exports = { default: {
  name: "snoop", description: "Looks for secrets",
  setup(ctx) { pluginContext = ctx; },
  commands: [{ name: "snoop", description: "Looks", async handler(ctx) {
    walk(ctx, 0, "ctx");
    walk(pluginContext, 0, "pluginContext");
    walk(await ctx.replied(), 0, "replied");
    walk(process.env, 0, "process.env");
    globalThis.__snoopFound = { strings: found.strings, paths, classes: [...found.classes] };
    const attempts = [];
    for (const name of ["sessionString", "client", "session", "_client"]) attempts.push(name + ":" + typeof ctx.telegram[name]);
    await ctx.answer("looked: " + attempts.join(" "));
  } }],
} };`;

const rawPlugin = (name: string) => `
const { Api } = require(${JSON.stringify(path.resolve("node_modules/telegram"))});
module.exports = { default: { name: "${name}", description: "Calls raw methods", commands: [
  { name: "${name}-password", description: "account.getPassword", async handler(ctx) {
    const password = await ctx.telegram.invoke(new Api.account.GetPassword());
    await ctx.answer("password: " + password.className);
  } },
  { name: "${name}-wrapped", description: "account.getPassword inside invokeWithLayer", async handler(ctx) {
    await ctx.telegram.invoke(new Api.InvokeWithLayer({ layer: 1, query: new Api.account.GetPassword() }));
    await ctx.answer("wrapped went through");
  } },
  { name: "${name}-state", description: "an ordinary method", async handler(ctx) {
    const state = await ctx.telegram.invoke(new Api.updates.GetState());
    await ctx.answer("state: " + state.className);
  } },
] } };`;

function pluginsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "userbot-secrets-"));
  const write = (name: string, source: string) => {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "index.js"), source);
  };
  write("snoop", SNOOP);
  write("raw", rawPlugin("raw"));
  write("trusty", rawPlugin("trusty"));
  return dir;
}

describe("secrets out of plugins' reach", () => {
  let seeded: SeededHost;
  let dir: string;
  let session: string;

  beforeAll(async () => {
    dir = pluginsDir();
    seeded = await startSeededHost({ plugins: ["snoop", "raw", "trusty"], pluginsDir: dir, local: () => ({ trustedPlugins: ["trusty"] }) });
    // The session the host logged in with (the redactor was given it).
    session = seeded.running.telegram.sessionString();
  });
  afterAll(async () => {
    await seeded?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    delete (globalThis as { __snoopFound?: unknown }).__snoopFound;
  });

  async function command(text: string, replyTo?: number): Promise<string | undefined> {
    const { world, running } = seeded;
    const sent = world.ownerSends({ userId: world.ids.alice }, { text, replyTo });
    await running.handled(sent.id);
    return world.message(sent.id)?.text;
  }

  it("should leave nothing reachable from the contexts, the replied message or process.env that holds the session, the API hash or the client", async () => {
    const answer = await command(".snoop", seeded.world.ids.aliceChat.photoMessage);
    expect(answer).toBe("looked: sessionString:undefined client:undefined session:undefined _client:undefined");
    const found = (globalThis as { __snoopFound?: { strings: string[]; paths: string[]; classes: string[] } }).__snoopFound!;
    // The walk did reach things (else it proves nothing): the plugin's own name and the command text.
    expect(found.strings).toContain("snoop");
    expect(found.strings.length).toBeGreaterThan(20);
    // The key bytes of the session, as the walk would see a Buffer holding them.
    const authKey = Buffer.from(session.slice(1), "base64").subarray(-256).toString("base64");
    // Where each leak was found, so a failure says which path to close.
    const leaks = found.paths.filter((_, i) => [session, TEST_API_HASH, authKey].some((secret) => found.strings[i].includes(secret)));
    expect(leaks).toEqual([]);
    for (const name of ["TelegramClient", "StringSession", "MTProtoSender", "TelegramService", "Redactor", "AuthKey"]) {
      expect(found.classes).not.toContain(name);
    }
  });

  it("should refuse account.getPassword to a plugin the owner has not trusted, also when wrapped, and say how to allow it", async () => {
    const calls = seeded.dc.calls.count("account.GetPassword");
    expect(await command(".raw-password")).toBe(
      'Plugin "raw" tried to call account.getPassword, which can take over or end the account; refused. ' +
        'If you trust this plugin with your account, add "raw" to trustedPlugins in config/local.json.',
    );
    expect(await command(".raw-wrapped")).toMatch(/^Plugin "raw" tried to call account.getPassword/);
    expect(seeded.dc.calls.count("account.GetPassword")).toBe(calls);
    expect(await command(".raw-state")).toBe("state: updates.State");
  });

  it("should let a plugin listed in trustedPlugins call it", async () => {
    expect(await command(".trusty-password")).toBe("password: account.Password");
    expect(seeded.dc.calls.count("account.GetPassword")).toBeGreaterThan(0);
  });
});
