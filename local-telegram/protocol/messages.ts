/**
 * The MTProto message layer: the envelope inside an encrypted packet
 * (salt, session id, msg_id, seq_no, body), containers and gzip_packed going
 * in, and the service messages the server sends going out. TL bodies are
 * GramJS's own classes; only the few "core" types GramJS does not expose as
 * classes (msg_container, gzip_packed, rpc_result) are written by hand here.
 */
import bigInt from "big-integer";
import { gunzipSync, gzipSync } from "zlib";
import { Api } from "telegram";

export const MSG_CONTAINER_ID = 0x73f1f8dc;
export const GZIP_PACKED_ID = 0x3072cfa1;
const RPC_RESULT_ID = 0xf35c6d01;
const VECTOR_ID = 0x1cb5c415;
const BOOL_TRUE_ID = 0x997275b5;
const BOOL_FALSE_ID = 0xbc799737;

/** Results larger than this are sent gzip_packed when that makes them smaller, as Telegram does. */
const GZIP_THRESHOLD = 512;

/** A client message after decryption and unpacking. */
export interface IncomingMessage {
  readonly msgId: bigint;
  readonly seqNo: number;
  readonly body: Buffer;
}

/** The decrypted plaintext of a client packet. */
export interface Envelope {
  readonly salt: bigint;
  readonly sessionId: bigint;
  readonly message: IncomingMessage;
}

export class MalformedMessageError extends Error {
  override name = "MalformedMessageError";
}

export function constructorOf(body: Buffer): number {
  if (body.length < 4) throw new MalformedMessageError("message body shorter than a constructor id");
  return body.readUInt32LE(0);
}

export function readEnvelope(plain: Buffer): Envelope {
  if (plain.length < 32) throw new MalformedMessageError("plaintext shorter than the message header");
  const length = plain.readInt32LE(28);
  if (length < 0 || 32 + length > plain.length || length % 4 !== 0) {
    throw new MalformedMessageError(`message length ${length} does not fit the packet`);
  }
  return {
    salt: plain.readBigInt64LE(0),
    sessionId: plain.readBigInt64LE(8),
    message: { msgId: plain.readBigInt64LE(16), seqNo: plain.readInt32LE(24), body: plain.subarray(32, 32 + length) },
  };
}

/** Flattens msg_container and gzip_packed into the messages they carry. */
export function unpackMessage(message: IncomingMessage): IncomingMessage[] {
  const id = constructorOf(message.body);
  if (id === GZIP_PACKED_ID) {
    return unpackMessage({ ...message, body: gunzipSync(readTlBytes(message.body, 4)) });
  }
  if (id !== MSG_CONTAINER_ID) return [message];
  const body = message.body;
  const count = body.readInt32LE(4);
  const inner: IncomingMessage[] = [];
  let offset = 8;
  for (let i = 0; i < count; i++) {
    if (offset + 16 > body.length) throw new MalformedMessageError("container ends inside a message header");
    const length = body.readInt32LE(offset + 12);
    const end = offset + 16 + length;
    if (length < 0 || end > body.length) throw new MalformedMessageError("container message overruns the container");
    inner.push({ msgId: body.readBigInt64LE(offset), seqNo: body.readInt32LE(offset + 8), body: body.subarray(offset + 16, end) });
    offset = end;
  }
  return inner.flatMap(unpackMessage);
}

/** TL `bytes` at an offset: a 1-byte length (or 0xfe plus 3 bytes), data, padding to 4. */
function readTlBytes(buffer: Buffer, offset: number): Buffer {
  const first = buffer[offset];
  if (first === 254) return buffer.subarray(offset + 4, offset + 4 + buffer.readUIntLE(offset + 1, 3));
  return buffer.subarray(offset + 1, offset + 1 + first);
}

function writeTlBytes(data: Buffer): Buffer {
  const header = data.length < 254 ? Buffer.from([data.length]) : Buffer.from([254, ...uint24(data.length)]);
  const padding = (4 - ((header.length + data.length) % 4)) % 4;
  return Buffer.concat([header, data, Buffer.alloc(padding)]);
}

function uint24(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff];
}

/** GramJS's TL classes want `long` fields as big-integer values. */
export function toLong(value: bigint): bigInt.BigInteger {
  return bigInt(value.toString());
}

export function fromLong(value: bigInt.BigInteger | bigint): bigint {
  return typeof value === "bigint" ? value : BigInt(value.toString());
}

function int32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(value, 0);
  return b;
}

function uint32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value, 0);
  return b;
}

function int64(value: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(BigInt.asIntN(64, value), 0);
  return b;
}

/** A handler's answer returned a value the TL writer cannot serialise: a bug in the handler. */
export class UnserialisableResultError extends Error {
  override name = "UnserialisableResultError";
}

/**
 * Serialises what a method handler returned. Besides `Api.*` objects a
 * handler may return a boolean (Bool), an array (Vector: of objects, of
 * numbers for Vector<int>, of bigints for Vector<long>), or a Buffer that is
 * already TL.
 */
export function serialiseResult(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (typeof value === "boolean") return uint32(value ? BOOL_TRUE_ID : BOOL_FALSE_ID);
  if (Array.isArray(value)) {
    return Buffer.concat([uint32(VECTOR_ID), int32(value.length), ...value.map(serialiseVectorItem)]);
  }
  if (isTlObject(value)) return value.getBytes();
  throw new UnserialisableResultError(`cannot serialise a result of type ${typeof value}`);
}

function serialiseVectorItem(item: unknown): Buffer {
  if (typeof item === "number") return int32(item);
  if (typeof item === "bigint") return int64(item);
  if (bigInt.isInstance(item)) return int64(fromLong(item));
  return serialiseResult(item);
}

function isTlObject(value: unknown): value is { getBytes(): Buffer } {
  return typeof value === "object" && value !== null && typeof (value as { getBytes?: unknown }).getBytes === "function";
}

/** rpc_result, gzip_packed when that is worth it (GramJS reads both). */
export function rpcResult(reqMsgId: bigint, result: Buffer): Buffer {
  let body = result;
  if (result.length > GZIP_THRESHOLD) {
    const packed = Buffer.concat([uint32(GZIP_PACKED_ID), writeTlBytes(gzipSync(result))]);
    if (packed.length < result.length) body = packed;
  }
  return Buffer.concat([uint32(RPC_RESULT_ID), int64(reqMsgId), body]);
}

export function rpcError(reqMsgId: bigint, code: number, message: string): Buffer {
  return rpcResult(reqMsgId, new Api.RpcError({ errorCode: code, errorMessage: message }).getBytes());
}

export function pong(msgId: bigint, pingId: bigInt.BigInteger): Buffer {
  return new Api.Pong({ msgId: toLong(msgId), pingId }).getBytes();
}

/** Error code 48: the message's salt is not the server's; the client retries with `newSalt`. */
export function badServerSalt(bad: IncomingMessage, newSalt: bigint): Buffer {
  return new Api.BadServerSalt({
    badMsgId: toLong(bad.msgId),
    badMsgSeqno: bad.seqNo,
    errorCode: 48,
    newServerSalt: toLong(newSalt),
  }).getBytes();
}

export function badMsgNotification(bad: IncomingMessage, errorCode: number): Buffer {
  return new Api.BadMsgNotification({ badMsgId: toLong(bad.msgId), badMsgSeqno: bad.seqNo, errorCode }).getBytes();
}

export function newSessionCreated(firstMsgId: bigint, uniqueId: bigint, salt: bigint): Buffer {
  return new Api.NewSessionCreated({
    firstMsgId: toLong(firstMsgId),
    uniqueId: toLong(uniqueId),
    serverSalt: toLong(salt),
  }).getBytes();
}

/** The plaintext the server encrypts: salt, session id, msg_id, seq_no, length, body. */
export function writeEnvelope(salt: bigint, sessionId: bigint, msgId: bigint, seqNo: number, body: Buffer): Buffer {
  return Buffer.concat([int64(salt), int64(sessionId), int64(msgId), int32(seqNo), int32(body.length), body]);
}

/** An unencrypted message (the auth key exchange): auth_key_id 0, msg_id, length, body. */
export function writePlainMessage(msgId: bigint, body: Buffer): Buffer {
  return Buffer.concat([int64(0n), int64(msgId), int32(body.length), body]);
}

/**
 * Server msg_ids: unix time in the high 32 bits (GramJS derives its clock
 * offset from them after a bad_msg_notification), strictly increasing,
 * 1 mod 4 for answers and 3 mod 4 for messages the server starts.
 */
export class MessageIdClock {
  private last = 0n;

  next(kind: "answer" | "push"): bigint {
    const now = Date.now();
    const candidate = (BigInt(Math.floor(now / 1000)) << 32n) | (BigInt(now % 1000) << 22n);
    let id = candidate > this.last ? candidate : this.last + 4n;
    id = (id & ~3n) | (kind === "answer" ? 1n : 3n);
    this.last = id;
    return id;
  }

  /** Seconds between a client's msg_id and the server's clock (positive: the client is ahead). */
  static skewSeconds(msgId: bigint): number {
    return Number(msgId >> 32n) - Date.now() / 1000;
  }
}
