/**
 * The auth keys this data center knows, by id: pre-shared ones the tests
 * create and ones made by the DH exchange, each with the user it is logged
 * in as, its server salt and the session ids it has used.
 */
import { randomBytes } from "crypto";
import { authKeyIdOf } from "./crypto";

export interface AuthKeyEntry {
  readonly id: bigint;
  readonly key: Buffer;
  /** Undefined until a login binds the key (or it was created bound). */
  userId: bigint | undefined;
  /** The one valid salt for this key; messages with another get bad_server_salt. */
  readonly salt: bigint;
  /** Session ids seen on this key; a new one gets new_session_created. */
  readonly sessions: Set<bigint>;
  /**
   * The api_id of the app the key belongs to: given when the key is made,
   * or taken from its first initConnection. Telegram refuses the key to
   * another app (API_ID_INVALID).
   */
  apiId: number | undefined;
}

function randomSalt(): bigint {
  let salt = 0n;
  while (salt === 0n) salt = randomBytes(8).readBigInt64LE(0);
  return salt;
}

export class AuthKeyStore {
  private readonly keys = new Map<bigint, AuthKeyEntry>();

  /** Registers a key (idempotent for the same bytes). */
  add(key: Buffer, userId?: bigint, apiId?: number): AuthKeyEntry {
    const id = authKeyIdOf(key);
    const existing = this.keys.get(id);
    if (existing) return existing;
    const entry: AuthKeyEntry = { id, key: Buffer.from(key), userId, salt: randomSalt(), sessions: new Set(), apiId };
    this.keys.set(id, entry);
    return entry;
  }

  /** A fresh random 256-byte key, as a client would hold after a handshake. */
  createRandom(userId?: bigint, apiId?: number): AuthKeyEntry {
    return this.add(randomBytes(256), userId, apiId);
  }

  get(id: bigint): AuthKeyEntry | undefined {
    return this.keys.get(id);
  }

  /** Every key logged in as `userId`. */
  boundTo(userId: bigint): AuthKeyEntry[] {
    return [...this.keys.values()].filter((k) => k.userId === userId);
  }
}
