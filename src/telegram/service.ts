import fs from "node:fs";
import { Api, errors, TelegramClient } from "telegram";
import type { EntityLike } from "telegram/define";
import { NewMessage, type NewMessageEvent } from "telegram/events";
import { StringSession } from "telegram/sessions";
import { ConnectionFailedError, RequestTimeoutError, TelegramApiError, UserError } from "../core/errors";
import { gramjsLoggerBridge } from "../log/gramjsBridge";
import type { Logger } from "../log/logger";
import { formatBytes } from "../util/bytes";
import { defaultConnection, pinnedConnection, type TransportName } from "./connection";
import { methodName, toTypedError } from "./errors";
import { PARALLEL, type TransferTuning } from "./transfer/limits";
import { statedMediaSize } from "./transfer/location";
import { NoDownloadableMediaError, Transfers, type PartInvoker } from "./transfer/transfers";
import type { ProgressCallback, Telegram } from "./types";

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
  /** Flood waits up to this many seconds are slept through by GramJS; longer ones throw FloodWaitError. */
  floodSleepThreshold: number;
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
export class TelegramService implements Telegram {
  readonly client: TelegramClient;
  private self: Api.User | undefined;
  private closed = false;
  private readonly transfers: Transfers;

  constructor(private readonly settings: TelegramSettings) {
    const session = new StringSession(settings.session);
    if (settings.dc) {
      // The port is a placeholder: the pinned connection supplies the real one,
      // and StringSession stores ports as signed 16-bit numbers (a local port
      // above 32767 would throw RangeError in save()).
      session.setDC(settings.dc.dcId, settings.dc.host, 443);
    }
    const connection = settings.dc
      ? pinnedConnection(settings.transport, settings.dc, new Map((settings.otherDcs ?? []).map((dc) => [dc.dcId, dc])))
      : defaultConnection(settings.transport);
    this.client = new TelegramClient(session, settings.apiId, settings.apiHash, {
      connection,
      floodSleepThreshold: settings.floodSleepThreshold,
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
      settings.log.warn(`connection problem: ${err.name}: ${err.message}`);
      settings.log.debug("connection problem, in full", { err });
    };
    this.transfers = new Transfers({
      invokePart: this.invokePart,
      homeDcId: () => this.client.session.dcId,
      refetch: async (message) => (await this.getMessages(message.peerId, [message.id]))[0],
      tuning: settings.transferTuning ?? PARALLEL,
    });
  }

  /**
   * One request of a transfer, on the DC that holds the file: its own
   * timeout, our typed errors, and an end when the transfer is aborted.
   * GramJS's invoke(request, dcId) borrows the exported sender for that DC,
   * exporting and importing the authorization when it is not ours.
   */
  private readonly invokePart: PartInvoker = (request, { dcId, signal }) => {
    const method = methodName(request);
    const sent = this.client.invoke(request, dcId).catch((err: unknown) => {
      // GramJS rewrites FILE_MIGRATE_X into prose; keep Telegram's form, which the transfer acts on.
      throw err instanceof errors.FileMigrateError ? new TelegramApiError(`FILE_MIGRATE_${err.newDc}`, 303, method) : err;
    });
    return this.withTimeout(method, this.settings.requestTimeoutMs, () => abortable(sent, signal));
  };

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
    const attempts = this.settings.connectionRetries + 1;
    // Each attempt may take a request's time, plus GramJS's 1 s pause between attempts.
    const limit = attempts * (this.settings.requestTimeoutMs + 1000);
    const connected = await this.withTimeout("connect", limit, () => this.client.connect()).catch((err: unknown) => {
      throw new ConnectionFailedError(`Could not connect to ${target}: ${(err as Error).message}`);
    });
    if (connected === false || !this.client.connected) {
      throw new ConnectionFailedError(`Could not connect to ${target} after ${attempts} attempt(s); the log says why.`);
    }
  }

  async refreshMe(): Promise<Api.User> {
    const [user] = await this.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    if (!(user instanceof Api.User)) throw new UserError("This session is not logged in");
    this.self = user;
    return user;
  }

  /** The session as a string, to be saved after a login. */
  sessionString(): string {
    return (this.client.session as StringSession).save();
  }

  me(): Api.User {
    if (!this.self) throw new Error("TelegramService.me() called before connect()");
    return this.self;
  }

  invoke<R extends Api.AnyRequest>(request: R, opts: { timeoutMs?: number } = {}): Promise<R["__response"]> {
    const method = methodName(request);
    return this.withTimeout(method, opts.timeoutMs ?? this.settings.requestTimeoutMs, () => this.client.invoke(request));
  }

  getInputEntity(peer: EntityLike): Promise<Api.TypeInputPeer> {
    return this.withTimeout("getInputEntity", this.settings.requestTimeoutMs, () => this.client.getInputEntity(peer));
  }

  async getEntity(peer: EntityLike): Promise<Api.User | Api.Chat | Api.Channel> {
    const entity = await this.withTimeout("getEntity", this.settings.requestTimeoutMs, () => this.client.getEntity(peer));
    return entity as Api.User | Api.Chat | Api.Channel;
  }

  async getMessages(peer: EntityLike, ids: number[]): Promise<(Api.Message | undefined)[]> {
    const list = await this.withTimeout("getMessages", this.settings.requestTimeoutMs, () => this.client.getMessages(peer, { ids }));
    return Array.from(list, (m) => (m instanceof Api.Message ? m : undefined));
  }

  sendMessage(peer: EntityLike, opts: { message: string; replyTo?: number }): Promise<Api.Message> {
    return this.withTimeout("sendMessage", this.settings.requestTimeoutMs, () =>
      this.client.sendMessage(peer, { message: opts.message, replyTo: opts.replyTo, parseMode: false, linkPreview: false }),
    );
  }

  editMessage(peer: EntityLike, opts: { message: number; text: string }): Promise<Api.Message> {
    return this.withTimeout("editMessage", this.settings.requestTimeoutMs, () =>
      this.client.editMessage(peer, { message: opts.message, text: opts.text, parseMode: false, linkPreview: false }),
    );
  }

  async deleteMessages(peer: EntityLike, ids: number[]): Promise<void> {
    await this.withTimeout("deleteMessages", this.settings.requestTimeoutMs, () => this.client.deleteMessages(peer, ids, { revoke: true }));
  }

  async sendFile(
    peer: EntityLike,
    opts: { file: Buffer; name: string; caption?: string; replyTo?: number; forceDocument?: boolean },
  ): Promise<Api.Message> {
    const file = await this.uploadFile({ name: opts.name, bytes: opts.file });
    return this.withTimeout("sendFile", this.settings.requestTimeoutMs, () =>
      this.client.sendFile(peer, {
        file,
        caption: opts.caption,
        replyTo: opts.replyTo,
        forceDocument: opts.forceDocument ?? false,
        parseMode: false,
      }),
    );
  }

  async downloadMedia(message: Api.Message, opts: { progress?: ProgressCallback; maxBytes?: number } = {}): Promise<Buffer> {
    checkMediaSize(message, opts.maxBytes);
    const chunks: Buffer[] = [];
    await this.download(message, (chunk) => void chunks.push(chunk), opts);
    return Buffer.concat(chunks);
  }

  async downloadMediaToFile(message: Api.Message, file: string, opts: { progress?: ProgressCallback; maxBytes?: number } = {}): Promise<number> {
    checkMediaSize(message, opts.maxBytes);
    const handle = await fs.promises.open(file, "wx", 0o600);
    try {
      // Parts arrive in order; each is on disk before the next is written, so memory holds only the parts in flight.
      return await this.download(message, async (chunk) => void (await handle.write(chunk)), opts);
    } finally {
      await handle.close();
    }
  }

  async uploadFile(opts: { name: string; bytes: Buffer; progress?: ProgressCallback }): Promise<Api.TypeInputFile> {
    return this.transfer("uploadFile", (signal) => this.transfers.upload({ ...opts, signal }));
  }

  private async download(message: Api.Message, write: (chunk: Buffer) => Promise<void> | void, opts: { progress?: ProgressCallback; maxBytes?: number }): Promise<number> {
    const maxBytes = opts.maxBytes === undefined ? undefined : { limit: opts.maxBytes, exceeded: (size: number) => tooLarge(size, opts.maxBytes!) };
    const written = await this.transfer("downloadMedia", (signal) =>
      this.transfers.download(message, { write, progress: opts.progress, maxBytes, signal }).catch((err: unknown) => {
        throw err instanceof NoDownloadableMediaError ? new UserError(err.message) : err;
      }),
    );
    if (written === 0) throw new UserError("That message has no media that can be downloaded");
    return written;
  }

  /** A whole download or upload: one deadline for all its parts, after which no more parts are asked for. */
  private async transfer<T>(method: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const ms = this.settings.transferTimeoutMs;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new RequestTimeoutError(method, ms)), ms);
    try {
      return await run(deadline.signal);
    } catch (err) {
      throw toTypedError(err, method);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Calls `handler` for every new message (incoming and outgoing). Returns an unsubscribe function. */
  onNewMessage(handler: (message: Api.Message) => void): () => void {
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
    const internals = this.client as unknown as GramInternals;
    for (const timer of internals._exportedSenderReleaseTimeouts?.values() ?? []) clearTimeout(timer);
    internals._exportedSenderReleaseTimeouts?.clear();
    const senders = [...(internals._exportedSenderPromises?.values() ?? [])];
    internals._exportedSenderPromises?.clear();
    await Promise.allSettled([
      this.client.destroy(),
      ...senders.map(async (promise) => (await promise)?.disconnect()),
    ]);
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

/** Settles with `work`, or rejects with the abort reason as soon as `signal` aborts (GramJS cannot cancel a sent request). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
