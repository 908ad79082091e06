/**
 * Telegram's errors as the world raises them: each helper builds the
 * `RpcError` the protocol half turns into an `rpc_error`. Keeping the codes and
 * spellings here means a typo cannot make one handler disagree with another.
 */
import { RpcError } from "../protocol/rpc";

export function badRequest(message: string): RpcError {
  return new RpcError(400, message);
}

export function unauthorized(message = "AUTH_KEY_UNREGISTERED"): RpcError {
  return new RpcError(401, message);
}

export function floodWait(seconds: number): RpcError {
  return new RpcError(420, `FLOOD_WAIT_${seconds}`);
}

export { RpcError };
