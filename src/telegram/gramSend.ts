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
 * After a dropped connection GramJS sends again every request that had
 * no answer, under a new session: Telegram runs it again. For a request
 * that must not run twice (a suggestion is a message to the contact) that
 * is a duplicate, so such a request is not resent: it fails with a
 * ConnectionLostError (its outcome is unclear, as after a timeout).
 *
 * Errors GramJS recovers from without waiting on Telegram's behalf
 * (PHONE_MIGRATE and friends at login, MSG_WAIT_FAILED, CONNECTION_NOT_INITED)
 * are handed to GramJS's invoke, which switches DC or resends.
 */
import { Api, TelegramClient, errors, utils } from "telegram";
import { RequestState } from "telegram/network/RequestState";
import { RequestTimeoutError } from "../core/errors";
import { methodName } from "./methodName";
import { NotSentError } from "./pipeline";

/**
 * Requests that must not be sent twice: a resend after a reconnect would
 * repeat them. A suggestion is a message to the contact; setting or removing
 * a personal photo twice ends the same, so those may be resent.
 */
function mustNotResend(request: Api.AnyRequest): boolean {
  return request instanceof Api.photos.UploadContactProfilePhoto && request.suggest === true;
}

/**
 * The connection dropped after the request went out, before its answer: it
 * may have been applied. A kind of timeout (no answer), so callers treat it as unclear.
 */
export class ConnectionLostError extends RequestTimeoutError {
  override name = "ConnectionLostError";
  constructor(method: string) {
    super(method, 0);
    this.message = `the connection to Telegram was lost before ${method} was answered`;
  }
}

/** States of requests that must not be resent, and the send queues already watching for them. */
const notResent = new WeakSet<RequestState>();
const guardedQueues = new WeakSet<object>();

/** GramJS's invoke as it was before the service routed it through the pipeline. */
export type GramInvoke = (request: Api.AnyRequest, dcId?: number, sender?: unknown) => Promise<unknown>;

interface SendQueue {
  _queue?: (RequestState | undefined)[];
  prepend(states: Iterable<RequestState>): void;
}

interface SenderInternals {
  userDisconnected?: boolean;
  addStateToQueue(state: RequestState): void;
  _sendQueue?: SendQueue;
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
  if (mustNotResend(request)) {
    notResent.add(state);
    guardResends(sender);
  }
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
    return result;
  } catch (err) {
    state.finished.resolve();
    if (recoveredByGramJs(err)) return await opts.fallback(request, opts.dcId, opts.sender);
    throw err;
  } finally {
    opts.signal.removeEventListener("abort", withdraw);
  }
}

/**
 * GramJS puts the unanswered requests back at the head of its send queue
 * after a reconnect (MessagePacker.prepend); those that must not run twice
 * and were already sent (they have a msg_id) are failed instead.
 */
function guardResends(sender: SenderInternals): void {
  const queue = sender._sendQueue;
  if (!queue || guardedQueues.has(queue)) return;
  guardedQueues.add(queue);
  const prepend = queue.prepend.bind(queue);
  queue.prepend = (states) => {
    const kept: RequestState[] = [];
    for (const state of states) {
      if (notResent.has(state) && state.msgId !== undefined) state.reject?.(new ConnectionLostError(methodName(state.request as { className?: string })));
      else kept.push(state);
    }
    prepend(kept);
  };
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
