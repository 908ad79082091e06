/**
 * The host depends on the Telegram interface (HostTelegram), not on the
 * GramJS-backed service: anything that implements it can carry the host.
 * Here, a few lines of in-memory Telegram (a message in, the edit out) run
 * the real host, dispatcher and the shipped hello plugin. Everything else in
 * test/host runs against the local Telegram server; this test is only about
 * the seam.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config/loadConfig";
import { Host } from "../../src/host/host";
import { createLogger } from "../../src/log/logger";
import type { ChatRef, Message } from "../../src/telegram/model";
import type { HostTelegram } from "../../src/telegram/types";
import { ownedMessage, ownedUser, userPeer } from "../fixtures/owned";

const OWNER = ownedUser({ id: 1000n, firstName: "Owner", self: true });

/** Telegram reduced to what this test needs; any other call fails loudly. */
function inMemoryTelegram() {
  let handler: ((message: Message) => void) | undefined;
  const edits: { chat: ChatRef; id: number; text: string }[] = [];
  const unused = (what: string) => () => {
    throw new Error(`in-memory Telegram: ${what} is not part of this test`);
  };
  const namespace = (name: string) => new Proxy({}, { get: (_, key) => unused(`${name}.${String(key)}`) });
  const telegram: HostTelegram = {
    self: () => OWNER,
    users: namespace("users") as HostTelegram["users"],
    contacts: namespace("contacts") as HostTelegram["contacts"],
    media: namespace("media") as HostTelegram["media"],
    contactPhotos: namespace("contactPhotos") as HostTelegram["contactPhotos"],
    stickers: namespace("stickers") as HostTelegram["stickers"],
    messages: {
      ...(namespace("messages") as HostTelegram["messages"]),
      edit: async (chat, id, text) => {
        edits.push({ chat, id, text });
        return ownedMessage({ id, chat: chat === "me" ? userPeer(OWNER.id) : chat, text, out: true });
      },
    },
    ping: async () => undefined,
    invoke: unused("invoke"),
    onNewMessage: (h) => {
      handler = h;
      return () => (handler = undefined);
    },
    withSignal: (_signal, run) => run(),
    forPlugins: () => telegram,
    close: async () => undefined,
  };
  return { telegram, edits, deliver: (message: Message) => handler?.(message) };
}

describe("the host on the Telegram interface", () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "host-interface-"));
    fs.mkdirSync(path.join(root, "config"));
    fs.writeFileSync(path.join(root, "config", "default.json"), JSON.stringify({ plugins: ["hello"] }));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("should run a plugin's command with any implementation of HostTelegram", async () => {
    const fake = inMemoryTelegram();
    let handled!: (id: number) => void;
    const done = new Promise<number>((resolve) => (handled = resolve));
    const host = new Host({
      telegram: fake.telegram,
      config: loadConfig(path.join(root, "config")),
      log: createLogger({ level: "silent" }),
      dataDir: path.join(root, "data"),
      pluginsDir: path.resolve("plugins"),
      onHandled: (message) => handled(message.id),
    });
    await host.start();
    try {
      expect(host.plugins.get("hello")?.status).toBe("loaded");
      const command = ownedMessage({ id: 7, chat: userPeer(42), text: ".hello Ada", out: true, from: userPeer(OWNER.id) });
      fake.deliver(command);
      expect(await done).toBe(7);
      expect(fake.edits[0]).toEqual({ chat: userPeer(42), id: 7, text: expect.stringContaining("Ada") });
    } finally {
      await host.stop();
    }
  });
});
