import { connect as netConnect } from "net";
import { randomBytes } from "crypto";
import bigInt from "big-integer";
import { Api } from "telegram";
import { _serverKeys } from "telegram/crypto/RSA";
import { StringSession } from "telegram/sessions";
import { TestDc } from "../../../local-telegram/server";
import type { TransportName } from "../../../src/telegram/connection";
import { stringSessionFor } from "../../../local-telegram/protocol/sessionString";
import { closeTestClient, connectTestClient, createTestClient, registerMinimalMethods, withTimeout } from "../../../local-telegram/protocol/testClient";

describe("TestDc connections", () => {
  let dc: TestDc;

  beforeEach(async () => {
    dc = await TestDc.start({ logLevel: "silent" });
    registerMinimalMethods(dc);
  });

  afterEach(async () => {
    await dc.stop();
  });

  it.each<TransportName>(["full", "abridged", "obfuscated"])("should connect and answer getMe over %s with a pre-shared key", async (transport) => {
    const client = await withTimeout(connectTestClient(dc, { transport }), 5000, "connect");
    try {
      const me = await withTimeout(client.getMe(), 5000, "getMe");
      expect(me).toBeInstanceOf(Api.User);
      expect(me.id.toString()).toBe(dc.ownerId.toString());
      expect(dc.calls.all.map((c) => c.method)).toEqual(["help.GetConfig", "users.GetUsers"]);
      expect(dc.calls.all[1].userId).toBe(dc.ownerId);
      // GramJS starts with salt 0: one bad_server_salt, then one new session.
      expect(dc.stats.badServerSalt).toBe(1);
      expect(dc.stats.newSessionCreated).toBe(1);
    } finally {
      await closeTestClient(client);
    }
  });

  it("should run the full auth key exchange and leave the new key unbound until a login binds it", async () => {
    dc.methods.on("auth.SignIn", (_request: Api.auth.SignIn, ctx) => {
      ctx.bindUser(dc.ownerId);
      return new Api.auth.Authorization({ user: new Api.User({ self: true, id: bigInt(dc.ownerId.toString()), firstName: "Owner" }) });
    });
    const trustedKeysBefore = _serverKeys.size;
    const client = createTestClient(dc, { session: "" });
    try {
      await withTimeout(client.connect(), 10_000, "connect with the auth key exchange");
      expect(dc.stats.authKeysExchanged).toBe(1);
      expect(_serverKeys.size).toBe(trustedKeysBefore + 1);
      const key = (client.session as StringSession).getAuthKey()?.getKey();
      expect(key?.length).toBeGreaterThanOrEqual(255);

      await expect(withTimeout(client.getMe(), 5000, "getMe")).rejects.toThrow("AUTH_KEY_UNREGISTERED");
      expect(dc.calls.of("users.GetUsers")[0].userId).toBeUndefined();

      await withTimeout(client.invoke(new Api.auth.SignIn({ phoneNumber: "14155550100", phoneCodeHash: "x", phoneCode: "12345" })), 5000, "signIn");
      const me = await withTimeout(client.getMe(), 5000, "getMe after login");
      expect(me.id.toString()).toBe(dc.ownerId.toString());
    } finally {
      await closeTestClient(client);
    }
    await dc.stop();
    expect(_serverKeys.size).toBe(trustedKeysBefore);
  });

  it("should answer an unknown auth key with the transport error -404", async () => {
    const client = createTestClient(dc, { session: stringSessionFor(dc.dcId, randomBytes(256)) });
    try {
      // GramJS treats -404 as a broken key and never answers the pending request: it hangs.
      await expect(withTimeout(client.connect(), 500, "connect with an unknown key")).rejects.toThrow("did not finish within 500 ms");
      expect(dc.stats.unknownAuthKey).toBeGreaterThanOrEqual(1);
      expect(dc.calls.length).toBe(0);
    } finally {
      await closeTestClient(client);
    }
  });

  it("should close every connection on stop and refuse new ones, and stop twice without harm", async () => {
    const client = await withTimeout(connectTestClient(dc), 5000, "connect");
    try {
      expect(dc.openConnections).toBe(1);
      await dc.stop();
      await dc.stop();
      expect(dc.openConnections).toBe(0);
      const refused = await new Promise<string>((resolve) => {
        const socket = netConnect(dc.port, dc.host);
        socket.on("connect", () => {
          socket.destroy();
          resolve("connected");
        });
        socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      });
      expect(refused).toBe("ECONNREFUSED");
    } finally {
      await closeTestClient(client);
    }
  });
});
