/**
 * The data center's own RSA-2048 key for the auth key exchange, and its
 * registration in GramJS's table of trusted server keys.
 *
 * Generating a key takes a few hundred ms, so one key serves every server in
 * the process. `_serverKeys` is module-global in GramJS, so registrations
 * are counted and the key leaves the table when the last server stops.
 */
import { constants, generateKeyPairSync, privateDecrypt, type KeyObject } from "crypto";
import bigInt from "big-integer";
import { _serverKeys } from "telegram/crypto/RSA";
import { sha1 } from "./crypto";

export interface ServerRsaKey {
  /** The signed 64-bit fingerprint GramJS looks the key up by. */
  readonly fingerprint: bigint;
  /** Raw RSA (no padding): what MTProto's RSA_PAD layer needs. */
  decrypt(block: Buffer): Buffer;
}

let cached: (ServerRsaKey & { n: Buffer; e: number }) | undefined;
let registrations = 0;

/** TL `bytes` serialisation, which the fingerprint is taken over. */
function tlBytes(data: Buffer): Buffer {
  const header = data.length < 254 ? Buffer.from([data.length]) : Buffer.from([254, data.length & 0xff, (data.length >> 8) & 0xff, data.length >> 16]);
  const padding = (4 - ((header.length + data.length) % 4)) % 4;
  return Buffer.concat([header, data, Buffer.alloc(padding)]);
}

function makeKey(): ServerRsaKey & { n: Buffer; e: number } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048, publicExponent: 65537 });
  const jwk = publicKey.export({ format: "jwk" });
  const n = Buffer.from(jwk.n as string, "base64url");
  const eBytes = Buffer.from(jwk.e as string, "base64url");
  // Telegram's rule: the low 64 bits of SHA1(rsa_public_key n:bytes e:bytes).
  const fingerprint = sha1(tlBytes(n), tlBytes(eBytes)).readBigInt64LE(12);
  const key: KeyObject = privateKey;
  return {
    fingerprint,
    n,
    e: eBytes.readUIntBE(0, eBytes.length),
    decrypt: (block) => privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, block),
  };
}

/** The process's server key, registered with GramJS until `unregister` balances this call. */
export function registerServerKey(): ServerRsaKey {
  cached ??= makeKey();
  registrations += 1;
  _serverKeys.set(cached.fingerprint.toString(), { n: bigInt(cached.n.toString("hex"), 16), e: cached.e });
  return cached;
}

export function unregisterServerKey(): void {
  if (!cached || registrations === 0) return;
  registrations -= 1;
  if (registrations === 0) _serverKeys.delete(cached.fingerprint.toString());
}

/**
 * JavaScript that makes another process's GramJS trust the process's server
 * key, for `node --require`: a userbot process under test that makes its own
 * auth key (a login) against a server of this process. Call registerServerKey first.
 */
export function trustingPreload(): string {
  if (!cached) throw new Error("trustingPreload: no server key yet (registerServerKey first)");
  const rsa = require.resolve("telegram/crypto/RSA");
  // GramJS's own copy of big-integer: the key's modulus is one of its numbers.
  const bigInteger = require.resolve("big-integer", { paths: [require.resolve("telegram")] });
  return (
    `require(${JSON.stringify(rsa)})._serverKeys.set(${JSON.stringify(cached.fingerprint.toString())}, ` +
    `{ n: require(${JSON.stringify(bigInteger)})(${JSON.stringify(cached.n.toString("hex"))}, 16), e: ${cached.e} });\n`
  );
}
