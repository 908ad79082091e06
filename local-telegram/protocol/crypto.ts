/**
 * MTProto 2.0 cryptography, server side: AES-256-IGE, auth key ids, and the
 * encryption of messages (https://core.telegram.org/mtproto/description).
 * Built on Node's crypto (AES-ECB as the block primitive) rather than on
 * GramJS's JavaScript AES, so a 512 KiB upload part costs little.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "crypto";

export function sha1(...parts: Buffer[]): Buffer {
  const hash = createHash("sha1");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

export function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function xor16(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = a[i] ^ b[i];
  return out;
}

function checkIgeInput(data: Buffer, key: Buffer, iv: Buffer): void {
  if (data.length % 16 !== 0) throw new RangeError(`AES-IGE needs whole 16-byte blocks, got ${data.length} bytes`);
  if (key.length !== 32 || iv.length !== 32) throw new RangeError("AES-IGE needs a 32-byte key and a 32-byte IV");
}

/**
 * AES-256-IGE: the IV's first half is the "previous ciphertext", its second the "previous plaintext".
 *
 * IGE is c[i] = E(p[i] ^ c[i-1]) ^ p[i-1]. Writing y[i] = c[i] ^ p[i-1], the input to E is
 * p[i] ^ p[i-2] ^ y[i-1]: CBC over q[i] = p[i] ^ p[i-2] (with the IV's halves standing in for
 * p[-1] and c[-1]). So one native CBC pass does the block cipher work of a whole message; a
 * block-by-block loop made the local server, not the link, the limit of every download.
 */
export function aesIgeEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
  checkIgeInput(plain, key, iv);
  const prevCipher = iv.subarray(0, 16);
  const prevPlain = iv.subarray(16, 32);
  const n = plain.length;
  const q = Buffer.allocUnsafe(n);
  plain.copy(q, 0, 0, Math.min(16, n));
  for (let i = 16; i < n; i++) q[i] = plain[i] ^ (i < 32 ? prevPlain[i - 16] : plain[i - 32]);
  const cbc = createCipheriv("aes-256-cbc", key, prevCipher).setAutoPadding(false);
  const y = Buffer.concat([cbc.update(q), cbc.final()]);
  for (let i = 0; i < n; i++) y[i] = y[i] ^ (i < 16 ? prevPlain[i] : plain[i - 16]);
  return y;
}

export function aesIgeDecrypt(cipherText: Buffer, key: Buffer, iv: Buffer): Buffer {
  checkIgeInput(cipherText, key, iv);
  const ecb = createDecipheriv("aes-256-ecb", key, null).setAutoPadding(false);
  const out = Buffer.alloc(cipherText.length);
  let prevCipher = iv.subarray(0, 16);
  let prevPlain = iv.subarray(16, 32);
  for (let offset = 0; offset < cipherText.length; offset += 16) {
    const block = cipherText.subarray(offset, offset + 16);
    const decrypted = xor16(ecb.update(xor16(block, prevPlain)), prevCipher);
    decrypted.copy(out, offset);
    prevCipher = block;
    prevPlain = decrypted;
  }
  return out;
}

/** The 64-bit id by which both sides name an auth key: bytes 12..20 of SHA1(key), little-endian. */
export function authKeyIdOf(key: Buffer): bigint {
  return sha1(key).readBigUInt64LE(12);
}

/** The MTProto 2.0 message key derivation; x is 0 for client-to-server, 8 for server-to-client. */
function messageKeyAndIv(authKey: Buffer, msgKey: Buffer, x: 0 | 8): { key: Buffer; iv: Buffer } {
  const a = sha256(msgKey, authKey.subarray(x, x + 36));
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
  const key = Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]);
  const iv = Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]);
  return { key, iv };
}

/** A message whose msg_key did not match: the packet was not made with this key. */
export class MessageKeyMismatchError extends Error {
  override name = "MessageKeyMismatchError";
}

/**
 * Decrypts a client's packet: auth_key_id (8) | msg_key (16) | encrypted data.
 * Returns the plaintext (salt, session id, message, padding).
 */
export function decryptClientPacket(authKey: Buffer, packet: Buffer): Buffer {
  const msgKey = packet.subarray(8, 24);
  const { key, iv } = messageKeyAndIv(authKey, msgKey, 0);
  const plain = aesIgeDecrypt(packet.subarray(24), key, iv);
  const expected = sha256(authKey.subarray(88, 120), plain).subarray(8, 24);
  if (!expected.equals(msgKey)) throw new MessageKeyMismatchError("msg_key does not match the decrypted data");
  return plain;
}

/** Encrypts a server plaintext (salt, session id, message) into a packet for the client. */
export function encryptServerPacket(authKey: Buffer, authKeyId: bigint, plain: Buffer): Buffer {
  // 12 to 27 bytes of padding: at least 12, and the total a multiple of 16.
  const paddingLength = 12 + ((16 - ((plain.length + 12) % 16)) % 16);
  const padded = Buffer.concat([plain, randomBytes(paddingLength)]);
  const msgKey = sha256(authKey.subarray(96, 128), padded).subarray(8, 24);
  const { key, iv } = messageKeyAndIv(authKey, msgKey, 8);
  const header = Buffer.alloc(8);
  header.writeBigUInt64LE(authKeyId, 0);
  return Buffer.concat([header, msgKey, aesIgeEncrypt(padded, key, iv)]);
}
