/**
 * contact-userbot/sdk/testing: test a plugin the way it runs. The real host
 * and dispatcher, in process, with a real GramJS client connected to the
 * local Telegram server (local-telegram/) and its seeded world (Alice, Bob,
 * Carol, a group, stickers, media). Nothing is mocked: a command arrives as
 * an update, the answer is the edit the server received.
 *
 *   const bot = await testHost({ plugins: [myPlugin], settings: { "my-plugin": { greeting: "Hi" } } });
 *   const photo = await bot.sendAs("alice", { photo: jpegBytes });
 *   const answer = await bot.command(".mycmd arg", { replyTo: photo });
 *   expect(answer.text).toContain("…");
 *   await bot.stop();
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Api } from "telegram";
import type { Call, CallLog } from "./protocol/callLog";
import { startHost, type RunningHost } from "./runningHost";
import { TestDc } from "./server";
import { World, type ChatRef, type SeededWorld } from "./world";
import type { StoredMessage } from "./world/messages";
import type { PluginDefinition } from "../src/plugins/definePlugin";
import type { PluginRecord } from "../src/plugins/manager";
import { requireFresh } from "../src/plugins/moduleLoader";

export type { Call } from "./protocol/callLog";
export type { SeededWorld } from "./world";
export type { StoredMessage } from "./world/messages";

/** A plugin as its module exports it: a definition, a function returning one, or the module itself. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a plugin of any settings schema (a definition typed by its own schema is not one of SettingsSchema)
export type PluginUnderTest = PluginDefinition<any> | (() => PluginDefinition<any>) | { default: unknown } | string;

export interface TestHostOptions {
  /** The plugins to load: imported definitions, or folder names under plugins/ (e.g. "contact-avatar"). */
  plugins: PluginUnderTest[];
  /** Plugin settings, as `pluginConfig` in config/local.json: `{ "my-plugin": { greeting: "Hi" } }`. */
  settings?: Record<string, Record<string, unknown>>;
  /** Any other config/local.json keys (sudoUsers, trustedPlugins, prefixes, timezone, …). */
  config?: (world: SeededWorld) => Record<string, unknown>;
}

/** Someone in the seeded world, by name ("alice", "bob", "carol", "helperBot") or user id. */
export type Person = "alice" | "bob" | "carol" | "helperBot" | bigint;

export interface MessageContent {
  text?: string;
  /** Image bytes (JPEG, PNG, WebP): sent as a photo, which Telegram stores in sizes. */
  photo?: Buffer;
  /** Sent as a file (a document), as it is. */
  file?: { bytes: Buffer; name: string; mimeType?: string };
}

export interface SentMessage {
  /** The message's id in the owner's box (what `replyTo` takes). */
  readonly id: number;
  /** The chat it is in, from the owner's side. */
  readonly chat: ChatRef;
  readonly stored: StoredMessage;
}

export interface CommandOptions {
  /** The message the command replies to; the command is typed in that message's chat. */
  replyTo?: SentMessage;
  /** The chat to type it in when not replying (default: the owner's chat with Alice). */
  chat?: Person;
  /** How long to wait for the command to finish (default 20 s). */
  timeoutMs?: number;
}

export interface Answer {
  /** The command message's final text (the owner's command message is edited into the answer). */
  readonly text: string;
  readonly id: number;
  /** Messages the userbot sent into the chat while the command ran (files, photos, replies). */
  readonly sent: StoredMessage[];
  /** The Telegram calls that reached the server while the command ran, in order. */
  readonly calls: Call[];
}

export interface TestHost {
  /** The server's state: users, messages, photos (`world.photoState(id)`), uploads, contact photo calls. */
  readonly world: SeededWorld;
  /** The seeded people's and chats' ids. */
  readonly ids: SeededWorld["ids"];
  /** Every Telegram call the server received (`calls.of("photos.UploadContactProfilePhoto")`), in order. */
  readonly calls: Pick<CallLog, "all" | "of" | "count">;
  /** The local server itself, for what the above lacks (faults, updates). */
  readonly server: TestDc;
  /** Every log line so far, as it would be printed. */
  readonly logs: string[];
  /** The plugin's data folder (its store is store.json in it). */
  dataDir(plugin: string): string;
  /** The host's record of a plugin: loaded, or disabled with the reason. */
  plugin(name: string): PluginRecord | undefined;
  /** A message from someone else in their private chat with the owner. */
  sendAs(who: Person, content: MessageContent): Promise<SentMessage>;
  /** The owner types `text` (from another device); resolves once the command has finished. */
  command(text: string, opts?: CommandOptions): Promise<Answer>;
  /** Stops the host and the server and removes the temp folders. */
  stop(): Promise<void>;
}

/** Starts the seeded local server and the host with the given plugins. Always `stop()` it (afterEach/afterAll). */
export async function testHost(opts: TestHostOptions): Promise<TestHost> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-test-"));
  const pluginsDir = path.join(root, "plugins");
  fs.mkdirSync(pluginsDir);
  const inMemory = new Map<string, unknown>();
  const names = opts.plugins.map((plugin) => placePlugin(plugin, pluginsDir, inMemory));

  const world = await World.seeded();
  const server = await TestDc.start({ world, logLevel: "silent" });
  let running: RunningHost;
  try {
    running = await startHost({
      dc: server,
      plugins: names,
      pluginsDir,
      dataDir: path.join(root, "data"),
      logLevel: "debug",
      local: { ...opts.config?.(world), pluginConfig: opts.settings ?? {} },
      loader: (dir) => (inMemory.has(path.basename(dir)) ? inMemory.get(path.basename(dir)) : requireFresh(dir)),
    });
  } catch (err) {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
  const hostRoot = path.dirname(running.configDir);

  const personId = (who: Person): bigint => {
    if (typeof who === "bigint") return who;
    const id = world.ids[who];
    if (typeof id !== "bigint") throw new Error(`testHost: no one called "${String(who)}" in the seeded world`);
    return id;
  };

  return {
    world,
    ids: world.ids,
    calls: server.calls,
    server,
    logs: running.logs,
    dataDir: (plugin) => path.join(running.dataDir, "plugins", plugin),
    plugin: (name) => running.host.plugins.get(name),

    async sendAs(who, content) {
      const from = personId(who);
      const media = await mediaOf(world, content);
      const stored = world.userSends(from, { text: content.text ?? "", media });
      return { id: stored.id, chat: { userId: from }, stored };
    },

    async command(text, commandOpts = {}) {
      const chat: ChatRef = commandOpts.replyTo?.chat ?? { userId: personId(commandOpts.chat ?? "alice") };
      const firstCall = server.calls.length;
      const before = new Set(world.history(chat).map((m) => m.id));
      const sent = world.ownerSends(chat, { text, replyTo: commandOpts.replyTo?.id });
      await running.handled(sent.id, commandOpts.timeoutMs ?? 20000);
      const final = world.message(sent.id);
      return {
        text: final?.text ?? "",
        id: sent.id,
        sent: world
          .history(chat)
          .filter((m) => !before.has(m.id) && m.id !== sent.id && m.out)
          .reverse(),
        calls: server.calls.all.slice(firstCall),
      };
    },

    async stop() {
      try {
        await running.stop();
      } finally {
        await server.stop();
        fs.rmSync(hostRoot, { recursive: true, force: true });
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Gives each plugin the folder the host expects (plugins/<name>): an empty
 * one whose module the loader hands over from memory, or a link to the
 * repository's plugins/<name> for a name.
 */
function placePlugin(plugin: PluginUnderTest, pluginsDir: string, inMemory: Map<string, unknown>): string {
  if (typeof plugin === "string") {
    fs.symlinkSync(path.resolve("plugins", plugin), path.join(pluginsDir, plugin), "dir");
    return plugin;
  }
  const module = typeof plugin === "object" && "default" in plugin ? plugin : { default: plugin };
  const exported = module.default;
  // A factory is called here only to learn the name; the host calls it again on load, for fresh state.
  const definition = (typeof exported === "function" ? (exported as () => unknown)() : exported) as { name?: unknown };
  if (typeof definition?.name !== "string") throw new Error("testHost: a plugin without a name (expected a definePlugin(...) result)");
  const name = definition.name;
  if (inMemory.has(name)) throw new Error(`testHost: plugin "${name}" is listed twice`);
  fs.mkdirSync(path.join(pluginsDir, name));
  inMemory.set(name, module);
  return name;
}

async function mediaOf(world: World, content: MessageContent) {
  if (content.photo && content.file) throw new Error("testHost.sendAs: a message holds a photo or a file, not both");
  if (content.photo) {
    const photo = await world.addPhoto(content.photo, "message");
    return { kind: "photo" as const, photoId: photo.id };
  }
  if (content.file) {
    const document = world.media.addDocument({
      mimeType: content.file.mimeType ?? "application/octet-stream",
      bytes: content.file.bytes,
      attributes: [new Api.DocumentAttributeFilename({ fileName: content.file.name })],
    });
    return { kind: "document" as const, documentId: document.id };
  }
  return undefined;
}
