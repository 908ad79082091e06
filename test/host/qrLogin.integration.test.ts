/**
 * The QR login end to end against the local server: the waiting client
 * shows tg://login?token=… codes, a second GramJS client (logged in as the
 * same account, as the phone would be) accepts the token read from the URL,
 * and the waiting client is logged in; with a two-step password, with a code
 * that expires (the server's control plus an injected clock, no sleeps), and
 * for a client that waited on another DC than the account's.
 */
import { Api } from "telegram";
import type { PinnedDc } from "../../src/telegram/service";
import { TelegramApiError } from "../../src/core/errors";
import { createLogger } from "../../src/log/logger";
import { Redactor } from "../../src/log/redact";
import { ManualClock } from "../../src/telegram/manualClock";
import { qrLogin, type QrLoginPrompts } from "../../src/telegram/qrLogin";
import { TestDc } from "../../local-telegram/server";
import { World, type SeededWorld } from "../../local-telegram/world";
import { startHost, TEST_API_HASH, testTelegram } from "../../local-telegram/runningHost";

const PASSWORD = "correct horse battery";

function client(dc: PinnedDc, session: string, logs: string[], redactor: Redactor, extra: { clock?: ManualClock; otherDcs?: PinnedDc[] } = {}) {
  const log = createLogger({ level: "debug", redactor, write: (line) => logs.push(line) });
  redactor.addSecret(TEST_API_HASH);
  return { telegram: testTelegram({ dc, session, log, ...extra }), log };
}

/** The codes a QR login shows, to be awaited one by one. */
function recordingPrompts(password?: () => string) {
  const shown: string[] = [];
  const waiting: ((url: string) => void)[] = [];
  const hints: (string | undefined)[] = [];
  const prompts: QrLoginPrompts = {
    showQr: (url) => {
      shown.push(url);
      waiting.shift()?.(url);
    },
    password: async (hint) => {
      hints.push(hint);
      if (!password) throw new Error("no password was expected");
      return password();
    },
  };
  let read = 0;
  const nextCode = (): Promise<string> => {
    const index = read++;
    if (shown[index]) return Promise.resolve(shown[index]);
    return new Promise((resolve) => waiting.push(resolve));
  };
  return { prompts, shown, hints, nextCode };
}

const tokenOf = (url: string): Buffer => {
  const parsed = new URL(url);
  expect(parsed.protocol).toBe("tg:");
  expect(parsed.host).toBe("login");
  return Buffer.from(parsed.searchParams.get("token")!, "base64url");
};

describe("QR login", () => {
  let dc: TestDc;
  let world: SeededWorld;
  const pinned = () => ({ host: dc.host, port: dc.port, dcId: dc.dcId });

  beforeEach(async () => {
    world = await World.seeded();
    dc = await TestDc.start({ world, logLevel: "silent" });
  });
  afterEach(() => dc?.stop());

  /** The owner's other session, as their phone: it accepts the code. */
  async function phone() {
    const { telegram } = client(pinned(), dc.sessionString(), [], new Redactor());
    await telegram.connect();
    return {
      accept: (url: string) => telegram.invoke(new Api.auth.AcceptLoginToken({ token: tokenOf(url) })),
      close: () => telegram.close(),
    };
  }

  it("should log in when another session accepts the code, and the saved session should run a command", async () => {
    const logs: string[] = [];
    const redactor = new Redactor();
    const { telegram, log } = client(pinned(), "", logs, redactor);
    const { prompts, nextCode } = recordingPrompts();
    const other = await phone();
    let session: string;
    let code: string;
    try {
      const loggingIn = qrLogin(telegram, prompts, redactor, log);
      code = await nextCode();
      expect(code).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/);
      const authorization = await other.accept(code);
      expect(authorization).toBeInstanceOf(Api.Authorization);
      session = await loggingIn;
    } finally {
      await other.close();
      await telegram.close();
    }
    expect(session).toMatch(/^1/);
    expect(dc.calls.count("auth.AcceptLoginToken")).toBe(1);
    expect(logs.join("\n")).toContain("logged in as Owner");

    const running = await startHost({ dc, sessionString: session });
    try {
      const sent = world.ownerSends({ userId: world.ids.alice }, { text: ".ping" });
      await running.handled(sent.id);
      expect(world.message(sent.id)?.text).toMatch(/^Pong/);
    } finally {
      await running.stop();
    }
    const output = logs.join("\n");
    for (const secret of [session, TEST_API_HASH, code, code.split("=")[1]]) expect(output).not.toContain(secret);
  });

  it("should show a new code when the first expires (the old one is refused), then log in with the new one", async () => {
    const clock = new ManualClock(Date.now());
    const redactor = new Redactor();
    const { telegram, log } = client(pinned(), "", [], redactor, { clock });
    const { prompts, nextCode } = recordingPrompts();
    const other = await phone();
    try {
      const loggingIn = qrLogin(telegram, prompts, redactor, log, { clock });
      const first = await nextCode();
      // The server lets the token run out; the client's clock reaches its expiry without anyone waiting.
      world.loginTokens.expire(tokenOf(first));
      clock.advance(60_000);
      const second = await nextCode();
      expect(second).not.toBe(first);
      await expect(other.accept(first)).rejects.toThrow(/AUTH_TOKEN_(EXPIRED|INVALID)/);
      await other.accept(second);
      await loggingIn;
      expect((await telegram.refreshMe()).id.toString()).toBe(world.ownerId.toString());
      expect(dc.calls.count("auth.ExportLoginToken")).toBe(3);
    } finally {
      await other.close();
      await telegram.close();
    }
  });

  it("should go on to the two-step password after the code is accepted, asking again after a wrong one", async () => {
    world.setPassword(world.ownerId, PASSWORD, "horses");
    const logs: string[] = [];
    const redactor = new Redactor();
    const { telegram, log } = client(pinned(), "", logs, redactor);
    let tries = 0;
    const { prompts, nextCode, hints } = recordingPrompts(() => (++tries === 1 ? "wrong password" : PASSWORD));
    const other = await phone();
    try {
      const loggingIn = qrLogin(telegram, prompts, redactor, log);
      await other.accept(await nextCode());
      const session = await loggingIn;
      expect(session).toMatch(/^1/);
      expect(hints).toEqual(["horses", "horses"]);
      expect(dc.calls.of("auth.CheckPassword").map((c) => c.error ?? c.result)).toEqual(["400 PASSWORD_HASH_INVALID", "auth.Authorization"]);
    } finally {
      await other.close();
      await telegram.close();
    }
    const output = logs.join("\n");
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain("wrong password");
  });

  it("should refuse a code accepted twice", async () => {
    const redactor = new Redactor();
    const { telegram, log } = client(pinned(), "", [], redactor);
    const { prompts, nextCode } = recordingPrompts();
    const other = await phone();
    try {
      const loggingIn = qrLogin(telegram, prompts, redactor, log);
      const code = await nextCode();
      await other.accept(code);
      await loggingIn;
      const again = other.accept(code);
      await expect(again).rejects.toBeInstanceOf(TelegramApiError);
      await expect(again).rejects.toThrow(/AUTH_TOKEN_(ALREADY_ACCEPTED|INVALID)/);
    } finally {
      await other.close();
      await telegram.close();
    }
  });

  it("should move to the account's DC when it waited on another (auth.loginTokenMigrateTo, then importLoginToken)", async () => {
    const dc4 = await TestDc.start({ world, dcId: 4, logLevel: "silent" });
    const redactor = new Redactor();
    const home = pinned();
    const { telegram, log } = client({ host: dc4.host, port: dc4.port, dcId: 4 }, "", [], redactor, { otherDcs: [home] });
    const { prompts, nextCode } = recordingPrompts();
    const other = await phone();
    try {
      const loggingIn = qrLogin(telegram, prompts, redactor, log);
      await other.accept(await nextCode());
      const session = await loggingIn;
      expect(dc4.calls.of("auth.ExportLoginToken").at(-1)?.result).toBe("auth.LoginTokenMigrateTo");
      expect(dc.calls.of("auth.ImportLoginToken").map((c) => c.result)).toEqual(["auth.LoginTokenSuccess"]);
      // The session is for the account's own DC now: it starts the host there.
      const running = await startHost({ dc, sessionString: session });
      await running.stop();
    } finally {
      await other.close();
      await telegram.close();
      await dc4.stop();
    }
  });
});
