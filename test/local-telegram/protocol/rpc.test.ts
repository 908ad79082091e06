import bigInt from "big-integer";
import { Api, TelegramClient } from "telegram";
import { RPCError } from "telegram/errors";
import { TelegramApiError } from "../../../src/core/errors";
import { TestDc } from "../../../local-telegram/server";
import { RpcError } from "../../../local-telegram/protocol/rpc";
import { closeTestClient, connectTestClient, registerMinimalMethods, withTimeout } from "../../../local-telegram/protocol/testClient";

/** GramJS's clock state, to simulate a client whose clock is off. */
interface SenderClock {
  _sender: { _state: { timeOffset: number; _lastMsgId: bigInt.BigInteger } };
}

describe("TestDc RPC handling", () => {
  let dc: TestDc;
  let client: TelegramClient;

  beforeEach(async () => {
    dc = await TestDc.start({ logLevel: "silent" });
    registerMinimalMethods(dc);
    client = await withTimeout(connectTestClient(dc, { autoReconnect: true }), 5000, "connect");
  });

  afterEach(async () => {
    await closeTestClient(client);
    await dc.stop();
  });

  const getConfig = (): Promise<Api.Config> => withTimeout(client.invoke(new Api.help.GetConfig()), 5000, "help.GetConfig");

  it("should name the method in the error for a method without a handler", async () => {
    await expect(invokeOrError(client, new Api.help.GetPremiumPromo())).rejects.toMatchObject({
      code: 400,
      errorMessage: "METHOD_NOT_IMPLEMENTED_help.GetPremiumPromo",
    });
  });

  it("should answer a handler's RpcError as it is and any other throw as 500 INTERNAL", async () => {
    dc.methods.on("help.GetNearestDc", () => {
      throw new RpcError(400, "PEER_ID_INVALID");
    });
    // The handler's stack goes to the DC's log (silenced here).
    dc.methods.on("help.GetSupport", () => {
      throw new TypeError("a bug in a handler");
    });
    await expect(invokeOrError(client, new Api.help.GetNearestDc())).rejects.toMatchObject({ errorMessage: "PEER_ID_INVALID" });
    await expect(invokeOrError(client, new Api.help.GetSupport())).rejects.toMatchObject({ code: 500, errorMessage: "INTERNAL" });
    const call = await dc.waitForCall("help.GetSupport");
    expect(call.error).toBe("500 INTERNAL");
  });

  it("should deliver a large result gzip-packed and intact", async () => {
    const names = Array.from({ length: 200 }, (_, i) => `User number ${i}`);
    dc.methods.on("users.GetUsers", () => names.map((firstName, i) => new Api.User({ id: bigInt(1000 + i), accessHash: bigInt(1), firstName })));
    const users = await invokeOrError(client, new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    expect((users as Api.User[]).map((u) => u.firstName)).toEqual(names);
  });

  it("should record each call with its decoded params, unwrapped from invokeWithLayer/initConnection", async () => {
    const call = await dc.waitForCall("help.GetConfig");
    expect(call.params).toBeInstanceOf(Api.help.GetConfig);
    expect(call.result).toBe("Config");
    const since = dc.calls.length;
    await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    const later = await dc.waitForCall("users.GetUsers", { since });
    expect(later.index).toBeGreaterThanOrEqual(since);
    expect(later.params.id[0]).toBeInstanceOf(Api.InputUserSelf);
  });

  it("should reject waitForCall after its timeout with a message naming the method", async () => {
    await expect(dc.waitForCall("photos.UploadProfilePhoto", { timeoutMs: 50 })).rejects.toThrow(/waiting for a call of photos\.UploadProfilePhoto/);
  });

  it("should inject an RPC error into the nth call only", async () => {
    // Not a flood wait: the client's request pipeline would remember it and not send the third call.
    dc.faults.add({ method: "help.GetConfig", nth: 2, action: { rpcError: [400, "CONFIG_TEST_ERROR"] } });
    await getConfig();
    const error = await getConfig().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TelegramApiError);
    expect((error as TelegramApiError).errorMessage).toBe("CONFIG_TEST_ERROR");
    await expect(getConfig()).resolves.toBeInstanceOf(Api.Config);
  });

  it("should delay an answer", async () => {
    dc.faults.add({ method: "help.GetConfig", action: { delayMs: 300 } });
    const started = Date.now();
    await getConfig();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("should never answer a call with noAnswer, and keep answering others", async () => {
    dc.faults.add({ method: "help.GetConfig", action: { noAnswer: true } });
    await expect(withTimeout(client.invoke(new Api.help.GetConfig()), 300, "help.GetConfig")).rejects.toThrow("did not finish within 300 ms");
    expect((await dc.waitForCall("help.GetConfig", { since: 1 })).error).toBe("no answer (fault)");
    await expect(getConfig()).resolves.toBeInstanceOf(Api.Config);
  });

  it("should drop the connection before answering; the client reconnects and resends", async () => {
    dc.faults.add({ method: "help.GetConfig", action: { drop: "before" } });
    const since = dc.calls.length;
    await expect(getConfig()).resolves.toBeInstanceOf(Api.Config);
    const calls = dc.calls.all.slice(since).filter((c) => c.method === "help.GetConfig");
    expect(calls.map((c) => c.error ?? c.result)).toEqual(["dropped before answering (fault)", "Config"]);
  });

  it("should drop the connection right after answering", async () => {
    dc.faults.add({ method: "help.GetConfig", action: { drop: "after" } });
    const sessionsBefore = dc.stats.newSessionCreated;
    const started = Date.now();
    await expect(getConfig()).resolves.toBeInstanceOf(Api.Config);
    expect(Date.now() - started).toBeLessThan(500);
    // GramJS notices the closed socket and comes back on a new session (after its fixed 1 s pause).
    await withTimeout(
      waitUntil(() => dc.stats.newSessionCreated > sessionsBefore),
      5000,
      "reconnect",
    );
    await expect(getConfig()).resolves.toBeInstanceOf(Api.Config);
  });

  it.each([
    [16, -1000],
    [17, +1000],
  ])("should send bad_msg_notification %i for a client clock off by %i s, after which GramJS corrects it", async (code, offset) => {
    const state = (client as unknown as SenderClock)._sender._state;
    state.timeOffset = offset;
    // GramJS never issues a msg_id below its last one, so forget it for the past to show.
    state._lastMsgId = bigInt.zero;
    await expect(getConfig()).resolves.toBeInstanceOf(Api.Config);
    expect(dc.stats.badMsgCodes).toEqual([code]);
    expect(Math.abs(state.timeOffset)).toBeLessThanOrEqual(1);
  });
});

type UsedRequest = Api.help.GetPremiumPromo | Api.help.GetNearestDc | Api.help.GetSupport | Api.users.GetUsers;

/** Invokes, turning the RPC error (GramJS's, or ours from the request pipeline) into a plain { code, errorMessage } to match on. */
function invokeOrError(client: TelegramClient, request: UsedRequest): Promise<unknown> {
  return withTimeout(client.invoke(request), 5000, request.className).catch((error: unknown) => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a plain object, so that toEqual compares the two fields only
    if (error instanceof RPCError || error instanceof TelegramApiError) throw { code: error.code, errorMessage: error.errorMessage };
    throw error;
  });
}

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
