import fs from "node:fs";
import { Api, TelegramClient } from "telegram";
import type { EntityLike } from "telegram/define";
import { NewMessage, type NewMessageEvent } from "telegram/events";
import { StringSession } from "telegram/sessions";
import { ConfigError, ConnectionFailedError, RequestTimeoutError, SessionRevokedError, TelegramApiError, UserError } from "../core/errors";
import { gramjsLoggerBridge } from "./gramjsLog";
import type { Logger } from "../log/logger";
import { formatBytes } from "../util/bytes";
import { defaultConnection, describeConnectError, pinnedConnection, type TransportName } from "./connection";
import { systemClock, type Clock } from "./clock";
import { toTypedError } from "./errors";
import { methodName } from "./methodName";
import { PARALLEL, type TransferTuning } from "./transfer/limits";
import { statedMediaSize } from "./transfer/location";
import { forgetReleasedSender } from "./transfer/senders";
import { NoDownloadableMediaError, Transfers, type PartInvoker } from "./transfer/transfers";
import { abortErrorOf, childController } from "./abort";
import { sendOnce, type GramInvoke } from "./gramSend";
import { RequestPipeline, type CallOptions } from "./pipeline";
import { contactPhotosApi } from "./domain/contactPhotos";
import { mediaApi } from "./domain/media";
import { messagesApi } from "./domain/messages";
import { stickersApi } from "./domain/stickers";
import { contactsApi, usersApi } from "./domain/users";
import type { Gateway } from "./gateway";
import { toMessage, toUser } from "./mapping";
import type { Message, User } from "./model";
import { PeerCache } from "./peerCache";
import { pluginView } from "./pluginView";
import type { ContactPhotosApi, ContactsApi, HostTelegram, MediaApi, MessagesApi, ProgressCallback, StickersApi, Telegram, UsersApi } from "./types";

export interface PinnedDc {
  host: string;
  port: number;
  dcId: number;
}

export interface TelegramSettings {
  apiId: number;
  apiHash: string;
  /** A StringSession string, or "" to log in. */
  session: string;
  /** Pin every connection (main, uploads, downloads, reconnects) to this server: the account's own DC. */
  dc?: PinnedDc;
  /** Other DCs at their own addresses (media kept elsewhere); DCs not listed go to `dc`. */
  otherDcs?: PinnedDc[];
  transport: TransportName;
  /**
   * Flood waits up to this many seconds are waited out by the request
   * pipeline (GramJS's own sleeping is off); longer ones throw FloodWaitError.
   */
  floodSleepThreshold: number;
  /** At most this many flood waits are taken within one call (default 3). */
  floodWaitRetries?: number;
  /** Where the pipeline's waits and timeouts are measured (default: the system clock; tests pass a ManualClock). */
  clock?: Clock;
  connectionRetries: number;
  /** Upper bound for one API request (GramJS itself has none). */
  requestTimeoutMs: number;
  /** Upper bound for one download or upload, which may take many requests. */
  transferTimeoutMs: number;
  /** Our logger; GramJS's own logging is routed into it (see gramjsLoggerBridge). */
  log: Logger;
  /** Reconnect after a dropped connection (default true; tests of drops turn it off). */
  autoReconnect?: boolean;
  deviceModel?: string;
  appVersion?: string;
  /** Part sizes and requests in flight for media (default: parallel; the bench selects the old sequential path to compare). */
  transferTuning?: TransferTuning;
}

/**
 * The one module that owns GramJS. Everything GramJS-specific (pinned
 * connections, request timeouts, complete shutdown, error mapping) lives in
 * src/telegram/, so that a move to a maintained fork of GramJS stays small.
 */
export class TelegramService implements HostTelegram {
  readonly client: TelegramClient;
  /** Every request goes through it: timeouts, flood waits, 500 retry, cancelling; its pending waits and late outcomes. */
  readonly pipeline: RequestPipeline;
  readonly users: UsersApi;
  readonly contacts: ContactsApi;
  readonly messages: MessagesApi;
  readonly media: MediaApi;
  readonly contactPhotos: ContactPhotosApi;
  readonly stickers: StickersApi;
  private readonly peers: PeerCache;
  private account: Api.User | undefined;
  private plugins: Telegram | undefined;
  private closed = false;
  /** While open() runs: the attempt GramJS is making, for our one line per failed attempt. */
  private connecting: { attempt: number; of: number; target: string } | undefined;
  /** While open() runs: told when the server says it does not know our auth key (a -404, see connection.ts). */
  private onUnknownKey: (() => void) | undefined;
  private readonly transfers: Transfers;
  /** Sends one request through the pipeline (set up with GramJS's own invoke kept for what only it recovers from). */
  private sendThroughPipeline!: <R extends Api.AnyRequest>(request: R, opts: CallOptions & { dcId?: number; sender?: unknown }) => Promise<R["__response"]>;

  constructor(private readonly settings: TelegramSettings) {
    const session = new StringSession(settings.session);
    if (settings.dc) {
      // The port is a placeholder: the pinned connection supplies the real one,
      // and StringSession stores ports as signed 16-bit numbers (a local port
      // above 32767 would throw RangeError in save()).
      session.setDC(settings.dc.dcId, settings.dc.host, 443);
    }
    const unknownKey = () => this.onUnknownKey?.();
    const connection = settings.dc
      ? pinnedConnection(settings.transport, settings.dc, new Map((settings.otherDcs ?? []).map((dc) => [dc.dcId, dc])), unknownKey)
      : defaultConnection(settings.transport, unknownKey);
    this.client = new TelegramClient(session, settings.apiId, settings.apiHash, {
      connection,
      // The request pipeline waits (or refuses) on Telegram's behalf, on its clock and under the caller's signal.
      floodSleepThreshold: 0,
      connectionRetries: settings.connectionRetries,
      reconnectRetries: settings.connectionRetries,
      requestRetries: 2,
      autoReconnect: settings.autoReconnect ?? true,
      baseLogger: gramjsLoggerBridge(settings.log),
      deviceModel: settings.deviceModel ?? "contact-userbot",
      appVersion: settings.appVersion ?? "0.1.0",
      systemVersion: `Node ${process.versions.node}`,
    });
    // GramJS reports connection and sender failures here (and, unless a
    // handler is set, prints them raw): one readable line, the stack at debug.
    this.client.onError = async (err: Error) => {
      const connecting = this.connecting;
      if (connecting) {
        // GramJS reports each failed connect attempt here (its own line for it is dropped by the log bridge).
        settings.log.warn(`could not connect to ${connecting.target} (attempt ${connecting.attempt} of ${connecting.of}): ${describeConnectError(err)}`);
        connecting.attempt += 1;
      } else {
        settings.log.warn(`connection problem: ${err.name}: ${err.message}`);
      }
      settings.log.debug("connection problem, in full", { err });
    };
    this.pipeline = new RequestPipeline({
      floodWaitCapSeconds: settings.floodSleepThreshold,
      floodWaitRetries: settings.floodWaitRetries ?? 3,
      requestTimeoutMs: settings.requestTimeoutMs,
      clock: settings.clock,
      log: settings.log,
    });
    this.routeRequestsThroughPipeline();
    this.transfers = new Transfers({
      invokePart: this.invokePart,
      homeDcId: () => this.client.session.dcId,
      beforeTransfer: (dcId) => forgetReleasedSender(this.client, dcId),
      refetch: async (message) => (await this.getMessages(message.peerId, [message.id]))[0],
      tuning: settings.transferTuning ?? PARALLEL,
    });
    this.peers = new PeerCache(
      (request, opts) => this.call(request, opts),
      (peer) => this.pipeline.scope("getInputEntity", {}, () => this.client.getInputEntity(peer)),
    );
    const gateway: Gateway = {
      call: (request, opts) => this.call(request, opts),
      run: (method, opts, work) => this.pipeline.scope(method, opts, work),
      download: (message, opts) => this.downloadMedia(message, opts),
      downloadToFile: (message, file, opts) => this.downloadMediaToFile(message, file, opts),
      upload: (name, bytes, opts) => this.uploadFile({ name, bytes, progress: opts.progress, signal: opts.signal }),
      client: this.client,
      peers: this.peers,
    };
    this.users = usersApi(gateway);
    this.contacts = contactsApi(gateway);
    this.messages = messagesApi(gateway);
    this.media = mediaApi(gateway);
    this.contactPhotos = contactPhotosApi(gateway);
    this.stickers = stickersApi(gateway);
  }

  /**
   * GramJS's helpers (getEntity, sendMessage, editMessage, sendFile,
   * downloadMedia, exporting an authorization) all invoke through the client:
   * replacing its invoke on this instance puts every one of their requests
   * through the pipeline, sent once by sendOnce instead of GramJS's retrying
   * loop. The options of the service call in progress reach them through
   * RequestPipeline.scope.
   */
  private routeRequestsThroughPipeline(): void {
    const client = this.client as unknown as {
      invoke(request: Api.AnyRequest, dcId?: number): Promise<unknown>;
      invokeWithSender(request: Api.AnyRequest, sender?: unknown): Promise<unknown>;
    };
    const userMethods = { invoke: client.invoke.bind(client), withSender: client.invokeWithSender.bind(client) };
    const fallback: GramInvoke = (request, dcId, sender) => (sender ? userMethods.withSender(request, sender) : userMethods.invoke(request, dcId));
    this.sendThroughPipeline = (request, opts) =>
      this.pipeline.call(methodName(request), (signal) => sendOnce(this.client, request, { signal, dcId: opts.dcId, sender: opts.sender, fallback }), opts);
    client.invoke = (request, dcId) => this.sendThroughPipeline(request, { dcId });
    client.invokeWithSender = (request, sender) => this.sendThroughPipeline(request, { sender });
  }

  /**
   * One request of a transfer, on the DC that holds the file, through the
   * pipeline like every request: its own timeout, flood waits, typed errors,
   * and an end when the transfer is aborted. GramJS's getSender(dcId)
   * borrows the exported sender for that DC, exporting and importing the
   * authorization when it is not ours.
   */
  private readonly invokePart: PartInvoker = (request, { dcId, signal }) => this.sendThroughPipeline(request, { dcId, signal });

  /** Connects and fetches the account. Throws SessionRevokedError for a dead session. */
  async connect(): Promise<Api.User> {
    await this.open();
    return this.refreshMe();
  }

  /**
   * Opens the connection (and makes an auth key if there is none). GramJS
   * gives up after its retries by returning false, and then lets every
   * request wait forever: turn that into an error here.
   */
  async open(): Promise<void> {
    const target = this.settings.dc ? `${this.settings.dc.host}:${this.settings.dc.port}` : "Telegram";
    // GramJS makes exactly connectionRetries attempts (none for 0: then it gives up at once).
    const attempts = this.settings.connectionRetries;
    // Each attempt may take a request's time, plus GramJS's 1 s pause between attempts.
    const limit = Math.max(1, attempts) * (this.settings.requestTimeoutMs + 1000);
    this.connecting = { attempt: 1, of: attempts, target };
    const unknownKey = new Promise<never>((_, reject) => {
      this.onUnknownKey = () => reject(new SessionRevokedError("Telegram does not know its key: it was made for another server, or cut short"));
    });
    const connected = await this.withTimeout("connect", limit, () => Promise.race([this.client.connect(), unknownKey]))
      .catch((err: unknown) => {
        throw connectFailure(err, target);
      })
      .finally(() => {
        this.connecting = undefined;
        this.onUnknownKey = undefined;
      });
    if (connected === false || !this.client.connected) {
      throw new ConnectionFailedError(
        `Could not connect to ${target} after ${attempts} attempt${attempts === 1 ? "" : "s"}: check the network${this.settings.dc ? " and TELEGRAM_DC" : ""}.`,
      );
    }
  }

  async refreshMe(): Promise<Api.User> {
    const [user] = await this.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    if (!(user instanceof Api.User)) throw new UserError("This session is not logged in");
    this.account = user;
    this.peers.setSelf(BigInt(user.id.toString()));
    return user;
  }

  /** What a login sends Telegram to say which app is logging in. */
  apiCredentials(): { apiId: number; apiHash: string } {
    return { apiId: this.settings.apiId, apiHash: this.settings.apiHash };
  }

  /**
   * Moves the connection to the account's own DC (a QR login accepted for an
   * account that lives elsewhere), with a new auth key there. GramJS stores
   * the port help.getConfig names; a pinned connection supplies the real one
   * anyway, and a StringSession cannot store a port above 32767.
   */
  async switchHomeDc(dcId: number): Promise<void> {
    const session = this.client.session;
    if (!this.settings.dc) {
      await this.client._switchDC(dcId);
      return;
    }
    const setDC = session.setDC.bind(session);
    session.setDC = (id: number, ip: string) => setDC(id, ip, 443);
    try {
      await this.client._switchDC(dcId);
    } finally {
      // The override is an own property over the prototype's method: removing it restores GramJS's.
      Reflect.deleteProperty(session, "setDC");
    }
  }

  /** The session as a string, to be saved after a login. */
  sessionString(): string {
    return (this.client.session as StringSession).save();
  }

  /** @deprecated use self() */
  me(): Api.User {
    if (!this.account) throw new Error("TelegramService.me() called before connect()");
    return this.account;
  }

  self(): User {
    return toUser(this.me());
  }

  async ping(opts?: CallOptions): Promise<void> {
    await this.call(new Api.updates.GetState(), opts);
  }

  /** The raw escape hatch of the Telegram interface: the same path as every domain method. */
  invoke<R extends Api.AnyRequest>(request: R, opts: CallOptions = {}): Promise<R["__response"]> {
    return this.call(request, opts);
  }

  /** What plugins get: a separate object with only the Telegram interface (no client, no session). */
  forPlugins(): Telegram {
    this.plugins ??= pluginView(this);
    return this.plugins;
  }

  /** Calls `handler` with every new message (incoming and outgoing), as the project's Message. */
  onNewMessage(handler: (message: Message) => void): () => void {
    return this.onRawMessage((message) => handler(toMessage(message)));
  }

  withSignal<T>(signal: AbortSignal, run: () => Promise<T>): Promise<T> {
    return this.pipeline.scope("command", { signal }, run);
  }

  /** One API request, through the pipeline; the access hashes in its answer are kept for later calls. */
  private async call<R extends Api.AnyRequest>(request: R, opts: CallOptions = {}): Promise<R["__response"]> {
    const result = await this.pipeline.scope(methodName(request), opts, () => this.client.invoke(request));
    this.peers.rememberFrom(result);
    return result;
  }

  async getMessages(peer: EntityLike, ids: number[]): Promise<(Api.Message | undefined)[]> {
    const list = await this.pipeline.scope("getMessages", {}, () => this.client.getMessages(peer, { ids }));
    return Array.from(list, (m) => (m instanceof Api.Message ? m : undefined));
  }

  async downloadMedia(message: Api.Message, opts: { progress?: ProgressCallback; maxBytes?: number; signal?: AbortSignal } = {}): Promise<Buffer> {
    checkMediaSize(message, opts.maxBytes);
    const chunks: Buffer[] = [];
    await this.download(message, (chunk) => void chunks.push(chunk), opts);
    return Buffer.concat(chunks);
  }

  async downloadMediaToFile(
    message: Api.Message,
    file: string,
    opts: { progress?: ProgressCallback; maxBytes?: number; signal?: AbortSignal } = {},
  ): Promise<number> {
    checkMediaSize(message, opts.maxBytes);
    const handle = await fs.promises.open(file, "wx", 0o600);
    try {
      // Parts arrive in order; each is on disk before the next is written, so memory holds only the parts in flight.
      return await this.download(message, async (chunk) => void (await handle.write(chunk)), opts);
    } finally {
      await handle.close();
    }
  }

  async uploadFile(opts: { name: string; bytes: Buffer; progress?: ProgressCallback; signal?: AbortSignal }): Promise<Api.TypeInputFile> {
    return this.transfer("uploadFile", opts.signal, (signal) => this.transfers.upload({ ...opts, signal }));
  }

  private async download(
    message: Api.Message,
    write: (chunk: Buffer) => Promise<void> | void,
    opts: { progress?: ProgressCallback; maxBytes?: number; signal?: AbortSignal },
  ): Promise<number> {
    const maxBytes = opts.maxBytes === undefined ? undefined : { limit: opts.maxBytes, exceeded: (size: number) => tooLarge(size, opts.maxBytes!) };
    const written = await this.transfer("downloadMedia", opts.signal, (signal) =>
      this.transfers.download(message, { write, progress: opts.progress, maxBytes, signal }).catch((err: unknown) => {
        throw err instanceof NoDownloadableMediaError ? new UserError(err.message) : err;
      }),
    );
    if (written === 0) throw new UserError("That message has no media that can be downloaded");
    return written;
  }

  /**
   * A whole download or upload: one deadline for all its parts, and the
   * caller's signal; when either fires, no more parts are asked for and parts
   * still queued are withdrawn (see sendOnce).
   */
  private async transfer<T>(method: string, callerSignal: AbortSignal | undefined, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.settings.transferTimeoutMs;
    const { controller: deadline, dispose } = childController(callerSignal);
    const cancelTimer = (this.settings.clock ?? systemClock).setTimer(ms, () => deadline.abort(new RequestTimeoutError(method, ms)));
    try {
      return await run(deadline.signal);
    } catch (err) {
      throw deadline.signal.aborted ? abortErrorOf(deadline.signal, method) : toTypedError(err, method);
    } finally {
      cancelTimer();
      dispose();
    }
  }

  /** GramJS's messages as they come (the service's own tests and benchmarks). Returns an unsubscribe function. */
  onRawMessage(handler: (message: Api.Message) => void): () => void {
    const event = new NewMessage({});
    const callback = (e: NewMessageEvent) => handler(e.message);
    this.client.addEventHandler(callback, event);
    return () => this.client.removeEventHandler(callback, event);
  }

  /**
   * Closes everything GramJS opened. `destroy()` alone leaves the exported
   * senders (uploads, downloads) connected and their 30 s release timers
   * armed, because its disconnect walks Maps with Object.values(): Node would
   * not exit, and with retries it would reconnect.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pipeline.close();
    const internals = this.client as unknown as GramInternals;
    for (const timer of internals._exportedSenderReleaseTimeouts?.values() ?? []) clearTimeout(timer);
    internals._exportedSenderReleaseTimeouts?.clear();
    const senders = [...(internals._exportedSenderPromises?.values() ?? [])];
    internals._exportedSenderPromises?.clear();
    await Promise.allSettled([this.client.destroy(), ...senders.map(async (promise) => (await promise)?.disconnect())]);
  }

  private async withTimeout<T>(method: string, ms: number, run: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new RequestTimeoutError(method, ms)), ms);
    });
    try {
      return await Promise.race([run(), timeout]);
    } catch (err) {
      throw toTypedError(err, method);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** What a failed connect means for the owner: a session or API id to fix (exit 2), or a network to wait for (exit 1). */
function connectFailure(err: unknown, target: string): Error {
  if (err instanceof SessionRevokedError) return err;
  if (err instanceof TelegramApiError && /^API_ID_(INVALID|PUBLISHED_FLOOD)$/.test(err.errorMessage)) {
    return new ConfigError(
      `Telegram refuses API_ID with this session (${err.errorMessage}): check API_ID and API_HASH at https://my.telegram.org, ` +
        `or, if the session was made with another app's API_ID, log in again with "npm run login".`,
    );
  }
  return new ConnectionFailedError(`Could not connect to ${target}: ${err instanceof Error ? err.message : String(err)}`);
}

interface GramInternals {
  _exportedSenderReleaseTimeouts?: Map<number, NodeJS.Timeout>;
  _exportedSenderPromises?: Map<number, Promise<{ disconnect(): Promise<void> } | undefined>>;
}

function tooLarge(size: number, max: number): UserError {
  return new UserError(`The file is ${formatBytes(size)}, more than the ${formatBytes(max)} limit`);
}

/** Refuses, before a byte is fetched, media that Telegram says is over the limit. */
function checkMediaSize(message: Api.Message, maxBytes: number | undefined): void {
  const size = statedMediaSize(message);
  if (maxBytes !== undefined && size !== undefined && size > maxBytes) throw tooLarge(size, maxBytes);
}
