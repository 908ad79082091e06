/**
 * TestDc: a local Telegram data center for tests. A real GramJS client
 * connects to it over TCP; the protocol half (./protocol) speaks MTProto, the
 * world half (./world, ./methods) holds the state and answers the methods.
 * See /tmp/dc-contract.md for the split.
 */
import { createServer, type AddressInfo, type Server, type Socket } from "net";
import type { Api } from "telegram";
import { AuthKeyStore } from "./protocol/authKeys";
import { CallLog, type CallOf, type MethodName, type WaitForCallOptions } from "./protocol/callLog";
import { buildConfig } from "./protocol/dcConfig";
import { createDcLog, type DcLog, type DcLogLevel } from "./protocol/dcLog";
import { MethodTable, RpcDispatcher } from "./protocol/dispatch";
import { FaultRules } from "./protocol/faults";
import { MessageIdClock } from "./protocol/messages";
import type { MethodRegistry } from "./protocol/rpc";
import { registerServerKey, trustingPreload, unregisterServerKey, type ServerRsaKey } from "./protocol/rsaKey";
import { stringSessionFor } from "./protocol/sessionString";
import { ClientConnection, type ProtocolStats, type ServerCore } from "./protocol/session";
import { UpdateHub, type WaitForUpdateOptions } from "./protocol/updates";
import { registerMethods } from "./methods";
import { World } from "./world";

export interface TestDcOptions {
  /** The state to serve; default `new World()` (an empty world plus the owner). Use `World.seeded()` for the standard one. */
  world?: World;
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  dcId?: number;
  logLevel?: DcLogLevel;
}

export class TestDc {
  readonly calls = new CallLog();
  readonly faults = new FaultRules();
  /** Register or replace method handlers (the world's are registered already). */
  readonly methods: MethodRegistry;
  /** Counts of protocol events (bad salts, clock complaints, new sessions, unknown keys). */
  readonly stats: ProtocolStats = {
    badServerSalt: 0,
    badMsgCodes: [],
    newSessionCreated: 0,
    unknownAuthKey: 0,
    authKeysExchanged: 0,
  };
  /** Where the world pushes updates; also usable directly from tests. */
  readonly updates: UpdateHub;

  private readonly keys = new AuthKeyStore();
  private readonly connections = new Set<ClientConnection>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly log: DcLog;
  private rsa: ServerRsaKey | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    readonly dcId: number,
    readonly world: World,
    logLevel: DcLogLevel,
  ) {
    this.log = createDcLog(logLevel);
    this.updates = new UpdateHub(
      (userId, updates, except) => this.deliver(userId, updates, except),
      (authKeyId, updates) => this.deliverToKey(authKeyId, updates),
    );
    const table = new MethodTable();
    this.methods = table;
    const core: ServerCore = {
      keys: this.keys,
      clock: new MessageIdClock(),
      dispatcher: new RpcDispatcher(table, this.faults, this.calls, this.log),
      log: this.log,
      stats: this.stats,
      rsaKey: () => (this.rsa ??= registerServerKey()),
      later: (ms, run) => this.later(ms, run),
    };
    server.on("connection", (socket: Socket) => this.accept(socket, core));
  }

  static async start(opts: TestDcOptions = {}): Promise<TestDc> {
    const host = opts.host ?? "127.0.0.1";
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const world = opts.world ?? new World();
    const dc = new TestDc(server, host, port, opts.dcId ?? 2, world, opts.logLevel ?? "warn");
    world.setDc({ dcId: dc.dcId, host, port });
    // The world answers help.GetConfig from setDc; this fallback only serves a registry without it.
    dc.methods.on("help.GetConfig", () => buildConfig(dc.dcId, dc.host, dc.port));
    registerMethods(dc.methods, world, dc.updates, { dcId: dc.dcId });
    return dc;
  }

  /** The owner of the served world. */
  get ownerId(): bigint {
    return this.world.ownerId;
  }

  /**
   * A pre-shared auth key already bound to `userId` (default: the owner).
   * `apiId`: the app it belongs to (default: whichever connects first with it). Returns the 256 key bytes.
   */
  createAuthKey(userId: bigint = this.ownerId, opts: { apiId?: number } = {}): Buffer {
    return Buffer.from(this.keys.createRandom(userId, opts.apiId).key);
  }

  /**
   * A GramJS StringSession string for a new pre-shared key. Address and port
   * are placeholders: clients must use pinnedConnection(), because GramJS
   * ignores the session's port and a StringSession cannot store ports above 32767.
   */
  sessionString(userId: bigint = this.ownerId, opts: { apiId?: number } = {}): string {
    return stringSessionFor(this.dcId, this.createAuthKey(userId, opts));
  }

  /**
   * Logs `userId` out of every session, as "Terminate all sessions" does:
   * their keys stay known, so calls answer 401 AUTH_KEY_UNREGISTERED.
   */
  revokeSessions(userId: bigint = this.ownerId): number {
    const keys = this.keys.boundTo(userId);
    for (const key of keys) key.userId = undefined;
    return keys.length;
  }

  /**
   * JavaScript for `node --require` that makes another process trust this
   * server's RSA key: a userbot process under test that logs in (and so makes its own auth key).
   */
  trustPreload(): string {
    this.rsa ??= registerServerKey();
    return trustingPreload();
  }

  /** Resolves with the first finished call of `method` (already made, or yet to come) that matches. */
  waitForCall<M extends MethodName>(method: M, opts?: WaitForCallOptions<CallOf<M>>): Promise<CallOf<M>> {
    return this.calls.waitFor(method, opts);
  }

  /** Resolves when an update matching the predicate is (or was) pushed to `opts.userId` (default: anyone). */
  waitForUpdate(predicate: (u: Api.TypeUpdates) => boolean, opts?: WaitForUpdateOptions): Promise<Api.TypeUpdates> {
    return this.updates.waitFor(predicate, opts);
  }

  /** How many client connections are open now. */
  get openConnections(): number {
    return this.connections.size;
  }

  /** Closes every socket and timer; idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const connection of [...this.connections]) connection.close();
    this.calls.cancelWaiters("the test DC stopped");
    this.updates.cancelWaiters("the test DC stopped");
    if (this.rsa) unregisterServerKey();
    this.rsa = undefined;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket, core: ServerCore): void {
    if (this.stopping) {
      socket.destroy();
      return;
    }
    const connection = new ClientConnection(socket, core, (closed) => this.connections.delete(closed));
    this.connections.add(connection);
  }

  private deliver(userId: bigint, updates: Api.TypeUpdates, exceptAuthKeyId: bigint | undefined): number {
    let delivered = 0;
    for (const connection of this.connections) {
      if (exceptAuthKeyId !== undefined && connection.authKeyId === exceptAuthKeyId) continue;
      if (connection.userId !== userId || !connection.pushUpdates(updates)) continue;
      // The users an update carries are given to that session (Telegram's access-hash rule, world/sessionPeers).
      if (connection.authKeyId !== undefined) this.world.sessionPeers.giveFrom(connection.authKeyId, updates);
      delivered += 1;
    }
    return delivered;
  }

  private deliverToKey(authKeyId: bigint, updates: Api.TypeUpdates): number {
    let delivered = 0;
    for (const connection of this.connections) {
      if (connection.authKeyId === authKeyId && connection.pushUpdates(updates)) delivered += 1;
    }
    return delivered;
  }

  private later(ms: number, run: () => void): void {
    if (this.stopping) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }
}
