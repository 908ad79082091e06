/**
 * `npm start` as a user meets it: a separate process, real exit codes, real
 * signals, real `.reload` from disk, against the local Telegram server.
 */
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Api } from "telegram";
import { createLogger } from "../../src/log/logger";
import { TestDc } from "../../local-telegram/server";
import { World, type SeededWorld } from "../../local-telegram/world";
import { TEST_API_HASH, TEST_API_ID, testTelegram } from "../../local-telegram/runningHost";
import { stringSessionFor } from "../../local-telegram/protocol/sessionString";
import { runUserbot } from "../../local-telegram/userbotProcess";

const greetPlugin = (word: string) =>
  `module.exports = { default: { name: "greet", description: "Greets", commands: [
    { name: "greet", description: "Greets", async handler(ctx) { await ctx.answer("${word}"); } } ] } };`;

/** Every workspace a test made, removed after it. */
const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

function workspace(localConfig: Record<string, unknown> = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "userbot-proc-"));
  roots.push(root);
  fs.mkdirSync(path.join(root, "config"));
  fs.copyFileSync(path.resolve("config/default.json"), path.join(root, "config", "default.json"));
  fs.writeFileSync(path.join(root, "config", "local.json"), JSON.stringify(localConfig));
  fs.mkdirSync(path.join(root, "plugins", "greet"), { recursive: true });
  fs.writeFileSync(path.join(root, "plugins", "greet", "index.js"), greetPlugin("hello v1"));
  return {
    root,
    env: {
      CONFIG_DIR: path.join(root, "config"),
      DATA_DIR: path.join(root, "data"),
      PLUGINS_DIR: path.join(root, "plugins"),
    },
  };
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

/** Exactly one line on stderr, the one given (or matching). */
const oneLine = (stderr: string, expected: string | RegExp) => {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  if (typeof expected === "string") expect(lines[0]).toBe(expected);
  else expect(lines[0]).toMatch(expected);
};

/** A port nothing listens on (a server was there a moment ago). */
const closedPort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });

const credentials = { API_ID: String(TEST_API_ID), API_HASH: TEST_API_HASH };
/** A well-formed session for a key no server knows. */
const someSession = () => stringSessionFor(2, Buffer.alloc(256, 7));

describe("the userbot process", () => {
  it("should explain where to get API_ID and API_HASH and exit 2 without them", async () => {
    const ws = workspace();
    const run = runUserbot([], ws.env);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain("my.telegram.org");
    noStack(run.stderr());
  });

  it("should name the file and key of a bad config value and exit 2", async () => {
    const ws = workspace({ telegram: { floodSleepThreshold: "ten" } });
    const run = runUserbot([], { ...ws.env, API_ID: String(TEST_API_ID), API_HASH: TEST_API_HASH });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(path.join(ws.root, "config", "local.json"));
    expect(run.stderr()).toContain("telegram.floodSleepThreshold");
    noStack(run.stderr());
  });

  it("should exit 2 with a clear message when there is no session and no terminal", async () => {
    const ws = workspace();
    const run = runUserbot([], { ...ws.env, API_ID: String(TEST_API_ID), API_HASH: TEST_API_HASH });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toMatch(/Not logged in.*no terminal/);
    expect(run.stderr()).toContain("npm run login");
  });

  it.each([
    ["garbage", "garbage"],
    ["mangled", "1" + "%".repeat(40)],
  ])("should end a %s session string with one clear line and exit 2", async (_kind, session) => {
    const ws = workspace();
    const run = runUserbot([], { ...ws.env, ...credentials, TG_SESSION: session, TELEGRAM_DC: "127.0.0.1:1" });
    expect(await run.exited).toBe(2);
    oneLine(run.stderr(), `The saved session (TG_SESSION) is not a usable session string: log in again with "npm run login".`);
    expect(run.stderr() + run.stdout()).not.toContain(session);
  });

  it("should end a session cut short, in TG_SESSION or in data/session, with one line naming where it is, and exit 2", async () => {
    const cut = someSession().slice(0, 200);
    const ws = workspace();
    const fromEnv = runUserbot([], { ...ws.env, ...credentials, TG_SESSION: cut, TELEGRAM_DC: "127.0.0.1:1" });
    expect(await fromEnv.exited).toBe(2);
    oneLine(
      fromEnv.stderr(),
      /^The saved session \(TG_SESSION\) is cut short or damaged \(its key has \d+ of 256 bytes\): log in again with "npm run login"\.$/,
    );
    expect(fromEnv.stderr() + fromEnv.stdout()).not.toContain(cut);

    fs.mkdirSync(ws.env.DATA_DIR, { recursive: true });
    fs.writeFileSync(path.join(ws.env.DATA_DIR, "session"), cut + "\n", { mode: 0o600 });
    const fromFile = runUserbot([], { ...ws.env, ...credentials, TELEGRAM_DC: "127.0.0.1:1" });
    expect(await fromFile.exited).toBe(2);
    oneLine(
      fromFile.stderr(),
      `The saved session (${path.join(ws.env.DATA_DIR, "session")}) is cut short or damaged (its key has 135 of 256 bytes): log in again with "npm run login".`,
    );
  });

  it("should say in one line per attempt, in our words, that it cannot reach the server, and exit 1 (to be restarted)", async () => {
    const ws = workspace({ telegram: { connectionRetries: 2 } });
    const port = await closedPort();
    const run = runUserbot([], { ...ws.env, ...credentials, TG_SESSION: someSession(), TELEGRAM_DC: `127.0.0.1:${port}` });
    expect(await run.exited).toBe(1);
    const output = run.stdout() + run.stderr();
    const attempts = output.split("\n").filter((line) => line.includes(`127.0.0.1:${port}`));
    expect(attempts.map((line) => line.replace(/^\d{4}-\S+ /, ""))).toEqual([
      `WARN  [main:gramjs] could not connect to 127.0.0.1:${port} (attempt 1 of 2): connection refused`,
      `WARN  [main:gramjs] could not connect to 127.0.0.1:${port} (attempt 2 of 2): connection refused`,
      `Could not connect to 127.0.0.1:${port} after 2 attempts: check the network and TELEGRAM_DC.`,
    ]);
    oneLine(run.stderr(), `Could not connect to 127.0.0.1:${port} after 2 attempts: check the network and TELEGRAM_DC.`);
    expect(output).not.toMatch(/WebSocket|gramJS version|Connecting to/);
    noStack(output);
  });

  describe("with a session, against the local server", () => {
    let dc: TestDc;
    let world: SeededWorld;

    beforeAll(async () => {
      world = await World.seeded();
      dc = await TestDc.start({ world, logLevel: "silent" });
    });
    afterAll(() => dc?.stop());

    it("should start, swap a plugin's behaviour on .reload, and stop on SIGTERM with exit 0", async () => {
      const ws = workspace({ plugins: ["greet"] });
      const session = dc.sessionString();
      const run = runUserbot([], {
        ...ws.env,
        API_ID: String(TEST_API_ID),
        API_HASH: TEST_API_HASH,
        TG_SESSION: session,
        TELEGRAM_DC: `${dc.host}:${dc.port}/${dc.dcId}`,
        LOG_LEVEL: "debug",
      });
      await run.waitForOutput(/ready: 1 plugin\(s\)/);

      const ask = async (text: string) => {
        const sent = world.ownerSends({ userId: world.ids.alice }, { text });
        await dc.waitForCall("messages.EditMessage", { predicate: (c) => c.params.id === sent.id, timeoutMs: 10000 });
        return world.message(sent.id)?.text;
      };
      expect(await ask(".greet")).toBe("hello v1");
      fs.writeFileSync(path.join(ws.root, "plugins", "greet", "index.js"), greetPlugin("hello v2"));
      expect(await ask(".reload greet")).toMatch(/^✅ greet reloaded/);
      expect(await ask(".greet")).toBe("hello v2");

      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
      const output = run.stdout() + run.stderr();
      expect(output).toContain("stopped");
      expect(output).not.toContain(session);
      expect(output).not.toContain(TEST_API_HASH);
    });

    it("should load a TypeScript plugin into the compiled host, share the host's error classes, and see its edits on .reload", async () => {
      const ws = workspace({ plugins: ["greet"] });
      fs.rmSync(path.join(ws.root, "plugins", "greet", "index.js"));
      const errorsModule = JSON.stringify(path.resolve("src/core/errors"));
      const tsPlugin = (word: string) => `import { UserError } from ${errorsModule};
interface Ctx { answer(text: string): Promise<void> }
const word: string = "${word}";
export default { name: "greet", description: "Greets", commands: [
  { name: "greet", description: "Greets", async handler(ctx: Ctx): Promise<void> { await ctx.answer(word); } },
  { name: "refuse", description: "Refuses", async handler(): Promise<void> { throw new UserError("not today"); } } ] };
`;
      const entry = path.join(ws.root, "plugins", "greet", "index.ts");
      fs.writeFileSync(entry, tsPlugin("typed v1"));
      const run = runUserbot([], {
        ...ws.env,
        API_ID: String(TEST_API_ID),
        API_HASH: TEST_API_HASH,
        TG_SESSION: dc.sessionString(),
        TELEGRAM_DC: `${dc.host}:${dc.port}/${dc.dcId}`,
      });
      await run.waitForOutput(/ready: 1 plugin\(s\)/);
      const ask = async (text: string) => {
        const sent = world.ownerSends({ userId: world.ids.alice }, { text });
        await dc.waitForCall("messages.EditMessage", { predicate: (c) => c.params.id === sent.id, timeoutMs: 10000 });
        return world.message(sent.id)?.text;
      };
      expect(await ask(".greet")).toBe("typed v1");
      // The plugin's UserError is the host's class (dist/src/core/errors.js), so it reads as the user's message.
      expect(await ask(".refuse")).toContain("not today");
      fs.writeFileSync(entry, tsPlugin("typed v2"));
      expect(await ask(".reload greet")).toMatch(/^✅ greet reloaded/);
      expect(await ask(".greet")).toBe("typed v2");
      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
    });

    it.each([
      [
        "logged out elsewhere (revoked)",
        () => {
          const session = dc.sessionString();
          dc.revokeSessions();
          return session;
        },
        /^The Telegram session is no longer valid \(AUTH_KEY_UNREGISTERED\)\. Log in again with "npm run login"\.$/,
      ],
      [
        "made for another API id",
        () => dc.sessionString(world.ownerId, { apiId: TEST_API_ID + 1 }),
        /^Telegram refuses API_ID with this session \(API_ID_INVALID\): check API_ID and API_HASH at https:\/\/my\.telegram\.org, or, if the session was made with another app's API_ID, log in again with "npm run login"\.$/,
      ],
      // A byte short: still the shape of a session (GramJS makes 255-byte keys too), but the server has no such key.
      [
        "a byte short (a key the server does not know)",
        () => {
          const bytes = Buffer.from(dc.sessionString().slice(1), "base64");
          return "1" + bytes.subarray(0, bytes.length - 1).toString("base64");
        },
        /^The Telegram session is no longer valid \(Telegram does not know its key: it was made for another server, or cut short\)\. Log in again with "npm run login"\.$/,
      ],
    ])("should end a session %s at start with one clear line and exit 2", async (_kind, makeSession, line) => {
      const ws = workspace({ plugins: [] });
      const session = makeSession();
      const run = runUserbot([], { ...ws.env, ...credentials, TG_SESSION: session, TELEGRAM_DC: `${dc.host}:${dc.port}/${dc.dcId}` });
      expect(await run.exited).toBe(2);
      oneLine(run.stderr(), line);
      expect(run.stdout()).not.toContain("ready:");
      expect(run.stderr() + run.stdout()).not.toContain(session);
    });

    /** The owner's phone: another session of the account accepts the token the QR code shows. */
    async function acceptOnThePhone(token: Buffer): Promise<void> {
      const phone = testTelegram({ dc: { host: dc.host, port: dc.port, dcId: dc.dcId }, session: dc.sessionString(), log: createLogger({ level: "silent" }) });
      try {
        await phone.connect();
        await phone.invoke(new Api.auth.AcceptLoginToken({ token }));
      } finally {
        await phone.close();
      }
    }

    it("should log in by QR code with npm run login -- --qr at a terminal, and save the session", async () => {
      const ws = workspace({ plugins: [] });
      // The login makes a new auth key with the server, whose RSA key the userbot's GramJS must trust, as it trusts Telegram's.
      const trust = path.join(ws.root, "trust-local-server.js");
      fs.writeFileSync(trust, dc.trustPreload());
      const env = { ...ws.env, ...credentials, TELEGRAM_DC: `${dc.host}:${dc.port}/${dc.dcId}`, NODE_OPTIONS: `--require ${trust}` };
      const run = runUserbot(["--login-only", "--qr"], env, undefined, "compiled", { terminal: true });
      await run.waitForOutput(/Link Desktop Device/);
      await acceptOnThePhone(world.loginTokens.last!.token);
      expect(await run.exited).toBe(0);
      const saved = fs.readFileSync(path.join(ws.env.DATA_DIR, "session"), "utf8").trim();
      expect(saved).toMatch(/^1/);
      expect(fs.statSync(path.join(ws.env.DATA_DIR, "session")).mode & 0o777).toBe(0o600);
      expect(run.stdout()).toContain("logged in as Owner");
      expect(run.stdout()).not.toContain(saved);
      expect(run.stdout()).not.toContain("Phone number");
    });

    it("should offer the QR code at the first npm start, log in with it and carry on to ready", async () => {
      const ws = workspace({ plugins: [] });
      const trust = path.join(ws.root, "trust-local-server.js");
      fs.writeFileSync(trust, dc.trustPreload());
      const env = { ...ws.env, ...credentials, TELEGRAM_DC: `${dc.host}:${dc.port}/${dc.dcId}`, NODE_OPTIONS: `--require ${trust}` };
      const run = runUserbot([], env, undefined, "compiled", { terminal: true });
      await run.waitForOutput(/Log in with 1\) your phone number and a code, or 2\) a QR code/);
      run.child.stdin!.write("2\n");
      await run.waitForOutput(/Link Desktop Device/);
      await acceptOnThePhone(world.loginTokens.last!.token);
      await run.waitForOutput(/ready: 0 plugin\(s\)/);
      expect(fs.existsSync(path.join(ws.env.DATA_DIR, "session"))).toBe(true);
      // Ctrl-C at the terminal: a clean stop.
      run.child.stdin!.write("\x03");
      expect(await run.exited).toBe(0);
    });

    it("should stop with exit code 2 when Telegram says the session was logged out", async () => {
      const ws = workspace({ plugins: [] });
      const run = runUserbot([], {
        ...ws.env,
        API_ID: String(TEST_API_ID),
        API_HASH: TEST_API_HASH,
        TG_SESSION: dc.sessionString(),
        TELEGRAM_DC: `${dc.host}:${dc.port}/${dc.dcId}`,
      });
      await run.waitForOutput(/ready: /);
      dc.faults.add({ method: "updates.GetState", action: { rpcError: [401, "SESSION_REVOKED"] } });
      world.ownerSends({ userId: world.ids.alice }, { text: ".ping" });
      expect(await run.exited).toBe(2);
      expect(run.stderr()).toContain("The Telegram session is no longer valid (SESSION_REVOKED)");
      expect(run.stderr()).toContain("npm run login");
      noStack(run.stderr());
    });
  });
});
