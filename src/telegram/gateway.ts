import type { Api, TelegramClient } from "telegram";
import type { CallOptions, DownloadOptions, TransferOptions } from "./model";
import type { PeerCache } from "./peerCache";

/**
 * What the domain methods (domain/*.ts) build on: the one request path, the
 * client for GramJS's helpers, and the peer cache. Internal to src/telegram.
 */
export interface Gateway {
  /** One API request through the service's pipeline (timeout, signal, error mapping). */
  call<R extends Api.AnyRequest>(request: R, opts?: CallOptions): Promise<R["__response"]>;
  /** A GramJS helper that makes requests of its own: every request inside gets these options (pipeline scope). */
  run<T>(method: string, opts: CallOptions, work: () => Promise<T>): Promise<T>;
  /** The transfer engine (src/telegram/transfer): one deadline for the whole transfer, the caller's signal. */
  download(message: Api.Message, opts: DownloadOptions): Promise<Buffer>;
  downloadToFile(message: Api.Message, file: string, opts: DownloadOptions): Promise<number>;
  upload(name: string, bytes: Buffer, opts: TransferOptions): Promise<Api.TypeInputFile>;
  readonly client: TelegramClient;
  readonly peers: PeerCache;
}
