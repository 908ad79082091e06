/**
 * RPC dispatch: unwrap a request from its connection wrappers, apply the
 * fault rules, call the registered handler, and turn its answer (or error)
 * into an rpc_result, logging the call on the way.
 */
import { Api } from "telegram";
import type { CallLog } from "./callLog";
import type { DcLog } from "./dcLog";
import type { FaultRules } from "./faults";
import { rpcError, rpcResult, serialiseResult } from "./messages";
import { RpcError, type MethodContext, type MethodHandler, type MethodRegistry } from "./rpc";

/** The handlers by className. */
export class MethodTable implements MethodRegistry {
  private readonly handlers = new Map<string, MethodHandler>();

  on(className: string, handler: MethodHandler): void {
    this.handlers.set(className, handler);
  }

  get(className: string): MethodHandler | undefined {
    return this.handlers.get(className);
  }
}

/** A decoded GramJS request object. */
export interface TlRequest {
  readonly className: string;
  readonly classType: "request";
}

export function isTlRequest(value: unknown): value is TlRequest {
  return typeof value === "object" && value !== null && (value as { classType?: unknown }).classType === "request";
}

/**
 * Wrappers that only change how a request is run (layer, client info,
 * ordering, no updates): the call is the request inside.
 */
/** The api_id an initConnection among the wrappers names, if there is one. */
export function initConnectionApiId(request: TlRequest): number | undefined {
  let current: unknown = request;
  while (
    current instanceof Api.InvokeWithLayer ||
    current instanceof Api.InvokeAfterMsg ||
    current instanceof Api.InvokeAfterMsgs ||
    current instanceof Api.InvokeWithoutUpdates
  ) {
    current = current.query;
  }
  return current instanceof Api.InitConnection ? current.apiId : undefined;
}

export function unwrapRequest(request: TlRequest): TlRequest {
  let current: unknown = request;
  while (
    current instanceof Api.InvokeWithLayer ||
    current instanceof Api.InitConnection ||
    current instanceof Api.InvokeAfterMsg ||
    current instanceof Api.InvokeAfterMsgs ||
    current instanceof Api.InvokeWithoutUpdates
  ) {
    current = current.query;
  }
  return current as TlRequest;
}

/** What dispatch needs from the connection a call arrived on. */
export interface CallChannel {
  readonly ctx: MethodContext;
  /** Sends an rpc_result body; does nothing once the connection is closed. */
  answer(body: Buffer): void;
  /** Closes the connection (after flushing what was already written). */
  drop(): void;
  /** Resolves after `ms`, or never if the server stops first. */
  sleep(ms: number): Promise<void>;
  /** An initConnection names the app: the error to answer when the auth key belongs to another one. */
  checkApiId?(apiId: number): RpcError | undefined;
}

type Outcome = { body: Buffer; result: string } | { body: Buffer; error: string };

export class RpcDispatcher {
  private readonly reportedMissing = new Set<string>();

  constructor(
    private readonly methods: MethodTable,
    private readonly faults: FaultRules,
    private readonly calls: CallLog,
    private readonly log: DcLog,
  ) {}

  /** Runs one request to its end; never throws (every failure becomes an answer or a log line). */
  async handle(msgId: bigint, wrapped: TlRequest, channel: CallChannel): Promise<void> {
    const request = unwrapRequest(wrapped);
    const method = request.className;
    const call = this.calls.record(method, request, channel.ctx.userId);
    const apiId = initConnectionApiId(wrapped);
    const refused = apiId === undefined ? undefined : channel.checkApiId?.(apiId);
    if (refused) {
      channel.answer(rpcError(msgId, refused.code, refused.errorMessage));
      this.calls.settle(call, { error: `${refused.code} ${refused.errorMessage}` });
      return;
    }
    const fault = this.faults.take(method);
    if (fault && "rpcError" in fault) {
      const [code, message] = fault.rpcError;
      channel.answer(rpcError(msgId, code, message));
      this.calls.settle(call, { error: `${code} ${message}` });
      return;
    }
    if (fault && "noAnswer" in fault) {
      this.calls.settle(call, { error: "no answer (fault)" });
      return;
    }
    if (fault && "drop" in fault && fault.drop === "before") {
      this.calls.settle(call, { error: "dropped before answering (fault)" });
      channel.drop();
      return;
    }
    if (fault && "delayMs" in fault) await channel.sleep(fault.delayMs);

    const outcome = await this.invoke(msgId, method, request, channel.ctx);
    if (fault && "drop" in fault && fault.drop === "applied") {
      this.calls.settle(call, { error: `applied (${"result" in outcome ? outcome.result : outcome.error}), dropped before answering (fault)` });
      channel.drop();
      return;
    }
    if (fault && "lostAnswer" in fault) {
      this.calls.settle(call, { error: `applied (${"result" in outcome ? outcome.result : outcome.error}), answer lost (fault)` });
      return;
    }
    channel.answer(outcome.body);
    this.calls.settle(call, "result" in outcome ? { result: outcome.result } : { error: outcome.error });
    if (fault && "drop" in fault && fault.drop === "after") channel.drop();
  }

  private async invoke(msgId: bigint, method: string, request: TlRequest, ctx: MethodContext): Promise<Outcome> {
    const handler = this.methods.get(method);
    if (!handler) {
      if (!this.reportedMissing.has(method)) {
        this.reportedMissing.add(method);
        this.log.warn(`no handler for ${method}; answering METHOD_NOT_IMPLEMENTED_${method}`);
      }
      return errorOutcome(msgId, new RpcError(400, `METHOD_NOT_IMPLEMENTED_${method}`));
    }
    try {
      const result = await handler(request, ctx);
      return { body: rpcResult(msgId, serialiseResult(result)), result: resultName(result) };
    } catch (error) {
      if (error instanceof RpcError) return errorOutcome(msgId, error);
      // Anything else is a bug in the server's own code: say so loudly, answer like Telegram would.
      this.log.warn(`handler for ${method} failed: ${error instanceof Error ? error.stack : String(error)}`);
      return errorOutcome(msgId, new RpcError(500, "INTERNAL"));
    }
  }
}

function errorOutcome(msgId: bigint, error: RpcError): Outcome {
  return { body: rpcError(msgId, error.code, error.errorMessage), error: `${error.code} ${error.errorMessage}` };
}

function resultName(result: unknown): string {
  if (typeof result === "boolean") return "Bool";
  if (Array.isArray(result)) return "Vector";
  if (Buffer.isBuffer(result)) return "bytes";
  return (result as { className?: string }).className ?? typeof result;
}
