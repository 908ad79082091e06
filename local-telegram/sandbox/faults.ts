/**
 * /fail: makes the local server refuse calls the way Telegram sometimes does,
 * so a sandbox user can see how the userbot answers a flood wait or an error
 * it does not expect.
 */
import { Api } from "telegram";
import type { FaultRules } from "../protocol/faults";
import { SandboxCommandError } from "./errors";

/** "photos.uploadContactProfilePhoto" (TL spelling) or "photos.UploadContactProfilePhoto" (GramJS's) → the GramJS class name. */
export function methodClassName(name: string): string {
  const [namespace, method, extra] = name.split(".");
  const scope = namespace && method && extra === undefined ? (Api as unknown as Record<string, unknown>)[namespace] : undefined;
  const found = scope && typeof scope === "object" ? Object.keys(scope).find((key) => key.toLowerCase() === method.toLowerCase()) : undefined;
  if (!found) throw new SandboxCommandError(`"${name}" is not a Telegram method (write it as namespace.method, e.g. photos.uploadContactProfilePhoto).`);
  return `${namespace}.${found}`;
}

/** The code Telegram sends with an error of this name. */
export function rpcErrorCode(error: string): number {
  if (error.startsWith("FLOOD_WAIT_") || error.startsWith("FLOOD_PREMIUM_WAIT_")) return 420;
  if (error === "AUTH_KEY_UNREGISTERED" || error === "SESSION_REVOKED" || error === "USER_DEACTIVATED") return 401;
  if (error.startsWith("INTERNAL") || error.endsWith("_INTERNAL")) return 500;
  return 400;
}

/** Adds the rule; returns how it reads in the transcript. */
export function injectFailure(faults: FaultRules, method: string, error: string, times: number): string {
  const className = methodClassName(method);
  const code = rpcErrorCode(error);
  faults.add({ method: className, times, action: { rpcError: [code, error] } });
  return `the next ${times === 1 ? "call" : `${times} calls`} of ${className} will answer ${code} ${error}`;
}
