import type { Api } from "telegram";
import type { EntityLike } from "telegram/define";

export type ProgressCallback = (done: number, total: number) => void;

/**
 * What the rest of the program may do with Telegram. Implemented by
 * `TelegramService` (src/telegram/service.ts), the one module that owns GramJS:
 * every call here has a timeout and maps GramJS failures to our typed errors
 * (FloodWaitError, TelegramApiError, RequestTimeoutError).
 */
export interface Telegram {
  /** Any raw API method. */
  invoke<R extends Api.AnyRequest>(request: R, opts?: { timeoutMs?: number }): Promise<R["__response"]>;
  /** The logged-in account. */
  me(): Api.User;
  getInputEntity(peer: EntityLike): Promise<Api.TypeInputPeer>;
  getEntity(peer: EntityLike): Promise<Api.User | Api.Chat | Api.Channel>;
  getMessages(peer: EntityLike, ids: number[]): Promise<(Api.Message | undefined)[]>;
  sendMessage(peer: EntityLike, opts: { message: string; replyTo?: number }): Promise<Api.Message>;
  editMessage(peer: EntityLike, opts: { message: number; text: string }): Promise<Api.Message>;
  deleteMessages(peer: EntityLike, ids: number[]): Promise<void>;
  /** Sends bytes as a photo (forceDocument false) or file. */
  sendFile(
    peer: EntityLike,
    opts: { file: Buffer; name: string; caption?: string; replyTo?: number; forceDocument?: boolean },
  ): Promise<Api.Message>;
  /** Downloads a message's media (largest photo size; documents raw). */
  downloadMedia(message: Api.Message, opts?: { progress?: ProgressCallback; maxBytes?: number }): Promise<Buffer>;
  /**
   * The same, streamed into a new file (mode 0600) instead of memory, for
   * media that other programs (ffmpeg) read. Returns the bytes written.
   */
  downloadMediaToFile(message: Api.Message, file: string, opts?: { progress?: ProgressCallback; maxBytes?: number }): Promise<number>;
  /** Uploads bytes from memory; returns the InputFile to pass to a method. */
  uploadFile(opts: { name: string; bytes: Buffer; progress?: ProgressCallback }): Promise<Api.TypeInputFile>;
}
