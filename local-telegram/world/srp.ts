/**
 * The server side of Telegram's 2FA check (SRP-6a over SHA-256, as in the
 * MTProto "Two-factor authentication" page), matching what GramJS's
 * telegram/Password.js computes on the client.
 *
 * GramJS accepts only Telegram's own 2048-bit safe prime with g in {3,4,5,7},
 * so the world uses that prime with g = 3, exactly like Telegram's servers.
 */
import { createHash, pbkdf2Sync, randomBytes } from "node:crypto";

/** Telegram's 2048-bit safe prime (the same one its DH key exchange uses). */
const PRIME = BigInt(
  "0x" +
    "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f" +
    "48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37" +
    "20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64" +
    "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4" +
    "a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754" +
    "fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4" +
    "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f" +
    "0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b",
);
const G = 3n;
const SIZE = 256;

export const SRP_PRIME_BYTES = toBytes(PRIME);
export const SRP_G = Number(G);

export interface PasswordRecord {
  readonly salt1: Buffer;
  readonly salt2: Buffer;
  /** v = g^x mod p: all the server keeps of the password. */
  readonly verifier: bigint;
  readonly hint?: string;
}

export interface SrpChallenge {
  readonly srpId: bigint;
  readonly b: bigint;
  readonly B: Buffer;
}

function sha256(...parts: Buffer[]): Buffer {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
}

function toBytes(value: bigint): Buffer {
  const hex = value.toString(16).padStart(SIZE * 2, "0");
  return Buffer.from(hex, "hex");
}

function toBigint(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt("0x" + bytes.toString("hex"));
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** x: the password hash the client derives (SHA-256, PBKDF2-HMAC-SHA512 with 100000 iterations, SHA-256). */
function passwordHash(password: string, salt1: Buffer, salt2: Buffer): bigint {
  const h1 = sha256(salt1, Buffer.from(password, "utf8"), salt1);
  const h2 = sha256(salt2, h1, salt2);
  const h3 = pbkdf2Sync(h2, salt1, 100_000, 64, "sha512");
  return toBigint(sha256(salt2, h3, salt2));
}

/** k = H(p | g), the SRP-6a multiplier. */
const K_MULTIPLIER = toBigint(sha256(toBytes(PRIME), toBytes(G)));

/** Costs one PBKDF2 of 100000 iterations (about 100 ms). */
export function createPasswordRecord(password: string, hint?: string): PasswordRecord {
  const salt1 = randomBytes(40);
  const salt2 = randomBytes(16);
  return { salt1, salt2, verifier: modPow(G, passwordHash(password, salt1, salt2), PRIME), hint };
}

/** A fresh server secret b and B = k·v + g^b mod p for one login attempt. */
export function createChallenge(record: PasswordRecord): SrpChallenge {
  const b = toBigint(randomBytes(SIZE)) % PRIME;
  const B = (K_MULTIPLIER * record.verifier + modPow(G, b, PRIME)) % PRIME;
  return { srpId: randomBytes(8).readBigInt64LE(), b, B: toBytes(B) };
}

/** True when M1 proves the client knew the password behind `record`. */
export function verifyProof(record: PasswordRecord, challenge: SrpChallenge, aBytes: Buffer, m1: Buffer): boolean {
  const A = toBigint(aBytes);
  if (A <= 1n || A >= PRIME - 1n) return false;
  const aPadded = toBytes(A);
  const u = toBigint(sha256(aPadded, challenge.B));
  const S = modPow((A * modPow(record.verifier, u, PRIME)) % PRIME, challenge.b, PRIME);
  const K = sha256(toBytes(S));
  const pHash = sha256(toBytes(PRIME));
  const gHash = sha256(toBytes(G));
  for (let i = 0; i < pHash.length; i++) pHash[i] ^= gHash[i];
  const expected = sha256(pHash, sha256(record.salt1), sha256(record.salt2), aPadded, challenge.B, K);
  return expected.length === m1.length && expected.equals(m1);
}
