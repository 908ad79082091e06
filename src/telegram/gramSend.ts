/**
 * One GramJS request, sent once. GramJS's own invoke retries by itself: it
 * sleeps through flood waits up to floodSleepThreshold, sleeps 2 s and
 * resends on a 500, and cannot be cancelled. The request pipeline does all
 * of that (on its clock, under the caller's signal), so requests go out
 * through the sender's queue directly, as GramJS's invoke does inside.
 *
 * Cancelling before the request left the queue withdraws it (NotSentError:
 * it certainly did not happen). After that, Telegram may still apply it; the
 * pipeline watches for the late answer.
 *
 * Errors GramJS recovers from without waiting on Telegram's behalf
 * (PHONE_MIGRATE and friends at login, MSG_WAIT_FAILED, CONNECTION_NOT_INITED)
 * are handed to GramJS's invoke, which switches DC or resends.
 */
import { Api, TelegramClient, errors, utils } from "telegram";
import { RequestState } from "telegram/network/RequestState";
import { NotSentError } from "./pipeline";

/** GramJS's invoke as it was before the service routed it through the pipeline. */
export type GramInvoke = (request: Api.AnyRequest, dcId?: number, sender?: unknown) => Promise<unknown>;

interface SenderInternals {
  userDisconnected?: boolean;
  addStateToQueue(state: RequestState): void;
  _sendQueue?: { _queue?: (RequestState | undefined)[] };
}

interface ClientInternals {
  _sender?: SenderInternals;
  _connectedDeferred: { promise: Promise<void> };
  getSender(dcId: number): Promise<SenderInternals>;
  session: { processEntities(result: unknown): void };
  _entityCache: { add(result: unknown): void };
}

export interface SendOnceOptions {
  signal: AbortSignal;
  dcId?: number;
  /** A sender of GramJS's to use instead of the one for dcId (downloads pass theirs). */
  sender?: unknown;
  fallback: GramInvoke;
}

export async function sendOnce<R extends Api.AnyRequest>(client: TelegramClient, request: R, opts: SendOnceOptions): Promise<R["__response"]> {
  const internals = client as unknown as ClientInternals;
  if (request.classType !== "request") throw new Error("You can only invoke MTProtoRequests");
  let sender = (opts.sender as SenderInternals | undefined) ?? internals._sender;
  if (opts.dcId !== undefined && opts.sender === undefined) sender = await internals.getSender(opts.dcId);
  if (!sender) throw new Error("Cannot send requests while disconnected");
  if (sender.userDisconnected) throw new Error("Cannot send requests while disconnected");
  await internals._connectedDeferred.promise;
  await request.resolve(client, utils);
  if (opts.signal.aborted) throw new NotSentError("cancelled before it was sent");
  const state = new RequestState(request);
  const withdraw = () => {
    const queue = sender._sendQueue?._queue;
    const at = queue?.indexOf(state) ?? -1;
    // Still queued: no msg_id assigned, nothing on the wire yet.
    if (queue && at >= 0 && state.msgId === undefined) {
      queue.splice(at, 1);
      state.reject?.(new NotSentError("withdrawn before it was sent"));
    }
  };
  opts.signal.addEventListener("abort", withdraw, { once: true });
  sender.addStateToQueue(state);
  try {
    const result = await state.promise;
    state.finished.resolve();
    internals.session.processEntities(result);
    internals._entityCache.add(result);
    return result as R["__response"];
  } catch (err) {
    state.finished.resolve();
    if (recoveredByGramJs(err)) return (await opts.fallback(request, opts.dcId, opts.sender)) as R["__response"];
    throw err;
  } finally {
    opts.signal.removeEventListener("abort", withdraw);
  }
}

function recoveredByGramJs(err: unknown): boolean {
  return (
    err instanceof errors.PhoneMigrateError ||
    err instanceof errors.NetworkMigrateError ||
    err instanceof errors.UserMigrateError ||
    err instanceof errors.MsgWaitError ||
    (err as Error | undefined)?.message === "CONNECTION_NOT_INITED"
  );
}
