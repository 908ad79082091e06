/**
 * The contract between the two halves of the local data center: the protocol
 * half (this folder) calls method handlers that the world half registers.
 * Requests arrive as GramJS `Api.*` request objects; handlers answer with
 * `Api.*` objects (see dispatch.ts for what else a handler may return).
 * Do not change these exports without telling the lead.
 */
import type { Api } from "telegram";

/** Answer this instead of a result to send an rpc_error. */
export class RpcError extends Error {
  override name = "RpcError";
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`);
  }
}

export interface MethodContext {
  /** The auth key's 64-bit id. */
  readonly authKeyId: bigint;
  /** The user this auth key is logged in as; undefined before a login. */
  readonly userId: bigint | undefined;
  /** Bind this auth key to a user (auth.signIn, auth.checkPassword, or seeding). */
  bindUser(userId: bigint): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler knows its own request class, and the registry cannot
export type MethodHandler = (request: any, ctx: MethodContext) => unknown;

export interface MethodRegistry {
  /** Register a handler for a className; a second registration for the same name replaces it. */
  on(className: string, handler: MethodHandler): void;
}

/** Where a world pushes updates; the server delivers them to every live session bound to that user. */
export interface UpdateSink {
  push(userId: bigint, updates: Api.TypeUpdates): void;
}
