/**
 * The interactive login against the local server (full auth-key exchange,
 * code, two-step password), then a command; the captured output must never
 * show the session, the API hash, the code or the password.
 */
import { SessionRevokedError } from "../../src/core/errors";
import { createLogger } from "../../src/log/logger";
import { Redactor } from "../../src/log/redact";
import { login, LoginFailedError, type LoginPrompts } from "../../src/telegram/login";
import { TestDc } from "../../local-telegram/server";
import { World, type SeededWorld } from "../../local-telegram/world";
import { startHost, TEST_API_HASH, testTelegram } from "../../local-telegram/runningHost";

const PASSWORD = "correct horse battery";

describe("login", () => {
  let dc: TestDc;
  let world: SeededWorld;

  beforeAll(async () => {
    world = await World.seeded();
    world.setPassword(world.ownerId, PASSWORD, "horses");
    dc = await TestDc.start({ world, logLevel: "silent" });
  });
  afterAll(() => dc?.stop());

  function freshClient(logs: string[], redactor: Redactor) {
    const log = createLogger({ level: "debug", redactor, write: (line) => logs.push(line) });
    redactor.addSecret(TEST_API_HASH);
    return { telegram: testTelegram({ dc: { host: dc.host, port: dc.port, dcId: dc.dcId }, log }), log };
  }

  it("should log in with a wrong code, the right code, a wrong password and the right one, and never log a secret", async () => {
    const logs: string[] = [];
    const redactor = new Redactor();
    const { telegram, log } = freshClient(logs, redactor);
    const asked: string[] = [];
    const codes: string[] = [];
    const prompts: LoginPrompts = {
      phoneNumber: async () => world.owner.phone!,
      code: async () => {
        asked.push("code");
        const real = world.lastLoginCode(world.owner.phone!)!;
        codes.push(real);
        return asked.filter((a) => a === "code").length === 1 ? "00000" : real;
      },
      password: async (hint) => {
        asked.push(`password(${hint})`);
        return asked.filter((a) => a.startsWith("password")).length === 1 ? "wrong password" : PASSWORD;
      },
    };
    let session: string;
    try {
      session = await login(telegram, prompts, redactor, log);
    } finally {
      await telegram.close();
    }
    expect(asked).toEqual(["code", "code", "password(horses)", "password(horses)"]);
    expect(session).toMatch(/^1/);
    expect(dc.calls.of("auth.CheckPassword").length).toBe(2);

    // The saved session works for a fresh start, and a command runs on it.
    const running = await startHost({ dc, sessionString: session });
    try {
      const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".ping" });
      await running.handled(sent.id);
      expect(world.message(sent.id)?.text).toMatch(/^Pong/);
    } finally {
      await running.stop();
    }

    const output = [...logs, ...running.logs].join("\n");
    expect(logs.join("\n")).toContain("logged in as Owner");
    for (const secret of [session, TEST_API_HASH, PASSWORD, "wrong password", ...codes]) {
      expect(output).not.toContain(secret);
    }
  });

  it("should stop with a clear error when the phone number is unknown", async () => {
    const logs: string[] = [];
    const { telegram, log } = freshClient(logs, new Redactor());
    const prompts: LoginPrompts = {
      phoneNumber: async () => "+999000111",
      code: async () => "12345",
      password: async () => "x",
    };
    try {
      await expect(login(telegram, prompts, new Redactor(), log)).rejects.toThrow(LoginFailedError);
    } finally {
      await telegram.close();
    }
  });

  it("should report a session the server no longer knows as revoked", async () => {
    const logs: string[] = [];
    const { log } = freshClient(logs, new Redactor());
    const session = dc.sessionString();
    dc.revokeSessions();
    const telegram = testTelegram({ dc: { host: dc.host, port: dc.port, dcId: dc.dcId }, session, log });
    try {
      await expect(telegram.connect()).rejects.toThrow(SessionRevokedError);
    } finally {
      await telegram.close();
    }
  });
});
