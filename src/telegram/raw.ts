/**
 * The escape hatch: GramJS's TL classes, for the API methods the owned
 * interface (types.ts) lacks. Plugins import `Api` from here, never from
 * `telegram`, so that the one dependency on GramJS stays in src/telegram, and
 * pass the request to `telegram.invoke`, the one function a per-plugin policy
 * wraps (it reads the method's name with `methodName`).
 */
import { Api } from "telegram";

export { Api };
export { methodName } from "./methodName";

/** Any request GramJS can send (`new Api.photos.GetUserPhotos({...})`). */
export type RawRequest = Api.AnyRequest;
/** What Telegram answers to it. */
export type RawResponse<R extends RawRequest> = R["__response"];
