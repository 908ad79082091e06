/**
 * Media transfers for TelegramService: a message's file down to a sink, and
 * bytes up to an InputFile, each in large parts with several requests in
 * flight, on the DC that holds the file. Requests go through `invokePart`,
 * the service's per-request path (its timeout, error mapping and flood-wait
 * handling apply to every part).
 */
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers";
import { downloadParts, type DownloadPartsOptions } from "./download";
import { errorMessageOf } from "./errors";
import { RefreshingLocation } from "./fileReference";
import type { TransferTuning } from "./limits";
import { mediaLocation, type MediaLocation } from "./location";
import { uploadParts } from "./upload";

/** One API request on the DC `dcId`; must reject when `signal` aborts. */
export type PartInvoker = <R extends Api.AnyRequest>(request: R, opts: { dcId: number; signal: AbortSignal }) => Promise<R["__response"]>;

export interface TransferDeps {
  invokePart: PartInvoker;
  /** The account's own DC, where uploads go. */
  homeDcId(): number;
  /** Called before a transfer uses `dcId` (the service makes sure GramJS's sender for it is usable). */
  beforeTransfer(dcId: number): Promise<void>;
  /** The same message fetched again (for a fresh file reference); undefined if it is gone. */
  refetch(message: Api.Message): Promise<Api.Message | undefined>;
  tuning: TransferTuning;
}

export type DownloadOptions = Pick<DownloadPartsOptions, "write" | "progress" | "maxBytes" | "signal">;

export class NoDownloadableMediaError extends Error {
  override name = "NoDownloadableMediaError";
}

const FILE_MIGRATE = /^FILE_MIGRATE_(\d+)$/;

export class Transfers {
  constructor(private readonly deps: TransferDeps) {}

  /** Streams the message's media (largest photo size; documents as they are) to `opts.write`; returns the bytes written. */
  async download(message: Api.Message, opts: DownloadOptions): Promise<number> {
    const first = mediaLocation(message);
    if (!first) throw new NoDownloadableMediaError("That message has no media that can be downloaded");
    await this.deps.beforeTransfer(first.dcId);
    const source = new RefreshingLocation(first, async () => {
      const fresh = await this.deps.refetch(message);
      const location = fresh && mediaLocation(fresh);
      if (!location) throw new NoDownloadableMediaError("The message with that media is gone");
      return location;
    });
    // Telegram may still say the file is elsewhere (FILE_MIGRATE_X): later parts go straight there.
    let migratedTo: number | undefined;
    const fetchOn = async (where: MediaLocation, offset: number, limit: number, signal: AbortSignal): Promise<Buffer> => {
      const request = new Api.upload.GetFile({ location: where.location, offset: returnBigInt(offset), limit, precise: false });
      const dcId = migratedTo ?? where.dcId;
      try {
        return fileBytes(await this.deps.invokePart(request, { dcId, signal }));
      } catch (err) {
        const migrate = FILE_MIGRATE.exec(errorMessageOf(err) ?? "");
        // Followed once: a DC that we were sent to sending us on again is reported.
        if (!migrate || dcId === migratedTo) throw err;
        migratedTo = Number(migrate[1]);
        return fileBytes(await this.deps.invokePart(request, { dcId: migratedTo, signal }));
      }
    };
    return downloadParts({
      size: first.size,
      partBytes: this.deps.tuning.downloadPartBytes,
      inFlight: this.deps.tuning.downloadInFlight,
      fetchPart: (offset, limit, signal) => source.run((where) => fetchOn(where, offset, limit, signal)),
      write: opts.write,
      progress: opts.progress,
      maxBytes: opts.maxBytes,
      signal: opts.signal,
    });
  }

  async upload(opts: {
    name: string;
    bytes: Buffer;
    progress?: (done: number, total: number) => void;
    signal?: AbortSignal;
  }): Promise<Api.InputFile | Api.InputFileBig> {
    const dcId = this.deps.homeDcId();
    await this.deps.beforeTransfer(dcId);
    return uploadParts({
      bytes: opts.bytes,
      name: opts.name,
      partBytes: this.deps.tuning.uploadPartBytes,
      inFlight: this.deps.tuning.uploadInFlight,
      progress: opts.progress,
      signal: opts.signal,
      savePart: (request, signal) => this.deps.invokePart(request, { dcId, signal }),
    });
  }
}

function fileBytes(answer: Api.upload.TypeFile): Buffer {
  // We never set cdn_supported, so Telegram has no reason to redirect; say so plainly if it does.
  if (!(answer instanceof Api.upload.File)) throw new Error("Telegram redirected the download to a CDN, which is not supported");
  return answer.bytes;
}
