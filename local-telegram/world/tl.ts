/**
 * Conversions between the world's native `bigint` ids and GramJS's
 * `big-integer` longs, in one place so no other file has to care which
 * number type a TL field uses.
 */
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers";
import { randomBytes } from "node:crypto";

export type Long = ReturnType<typeof returnBigInt>;

/** A world id as a GramJS long. */
export function long(value: bigint): Long {
  return returnBigInt(value);
}

/** A GramJS long (or any integer form GramJS hands us) as a world id. */
export function toBigint(value: Long | number | bigint | string): bigint {
  return BigInt(value.toString());
}

/** A random signed 64-bit value, the shape of Telegram's access hashes and media ids. */
export function randomLong(): bigint {
  return randomBytes(8).readBigInt64LE();
}

/** A random positive 63-bit value, for ids that tests print and compare. */
export function randomPositiveLong(): bigint {
  return randomBytes(8).readBigUInt64LE() >> 1n;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function peerUser(id: bigint): Api.PeerUser {
  return new Api.PeerUser({ userId: long(id) });
}

export function peerChat(id: bigint): Api.PeerChat {
  return new Api.PeerChat({ chatId: long(id) });
}
