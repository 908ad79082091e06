/**
 * The server side of MTProto's auth key exchange (req_pq_multi,
 * req_DH_params, set_client_DH_params), run over unencrypted messages on one
 * connection (https://core.telegram.org/mtproto/auth_key). The key it makes
 * is registered unbound: no user until a login method calls ctx.bindUser.
 */
import { createDiffieHellman, getDiffieHellman, randomBytes, type DiffieHellman } from "crypto";
import bigInt from "big-integer";
import { Api } from "telegram";
import { BinaryReader } from "telegram/extensions";
import type { AuthKeyStore } from "./authKeys";
import { aesIgeDecrypt, aesIgeEncrypt, sha1, sha256 } from "./crypto";
import type { ServerRsaKey } from "./rsaKey";

/** The client broke the exchange; the connection is closed. */
export class AuthKeyExchangeError extends Error {
  override name = "AuthKeyExchangeError";
}

/**
 * pq: Telegram sends a 64-bit product of two 32-bit primes. These are
 * smaller so that GramJS's factoriser (JavaScript) finishes in milliseconds.
 */
const P = 1_000_003n;
const Q = 1_000_033n;

/** RFC 3526's 2048-bit MODP group (a safe prime) with generator 2, which Telegram's rules accept. */
const MODP14 = getDiffieHellman("modp14").getPrime();
const GENERATOR = 2;

function littleEndian(value: bigInt.BigInteger, size: number): Buffer {
  let n = BigInt.asUintN(size * 8, BigInt(value.toString()));
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

function signedLittleEndianValue(bytes: Buffer): bigInt.BigInteger {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return bigInt(BigInt.asIntN(bytes.length * 8, n).toString());
}

/**
 * A positive number as TL `bytes`, big-endian. GramJS reads pq as a signed
 * number, so a leading byte >= 0x80 needs a zero before it; otherwise pq
 * reads as negative and GramJS's factoriser spins forever, blocking the
 * event loop (no test timeout can fire then).
 */
function bigEndianBytes(n: bigint): Buffer {
  const hex = n.toString(16);
  const bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex");
  return bytes[0] >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
}

/** Random padding up to a multiple of 16 bytes, as AES-IGE needs. */
function padTo16(data: Buffer): Buffer {
  return Buffer.concat([data, randomBytes((16 - (data.length % 16)) % 16)]);
}

interface Negotiation {
  nonce: bigInt.BigInteger;
  serverNonce: Buffer;
  newNonce?: Buffer;
  tmpKey?: Buffer;
  tmpIv?: Buffer;
  dh?: DiffieHellman;
}

export class AuthKeyExchange {
  private state: Negotiation | undefined;

  constructor(
    private readonly rsa: ServerRsaKey,
    private readonly keys: AuthKeyStore,
  ) {}

  /** Answers one unencrypted request of the exchange. */
  answer(request: unknown): Buffer {
    if (request instanceof Api.ReqPqMulti || request instanceof Api.ReqPq) return this.resPq(request.nonce);
    if (request instanceof Api.ReqDHParams) return this.serverDhParams(request);
    if (request instanceof Api.SetClientDHParams) return this.dhGen(request);
    throw new AuthKeyExchangeError(`unexpected unencrypted message ${describe(request)}`);
  }

  private resPq(nonce: bigInt.BigInteger): Buffer {
    this.state = { nonce, serverNonce: randomBytes(16) };
    return new Api.ResPQ({
      nonce,
      serverNonce: signedLittleEndianValue(this.state.serverNonce),
      pq: bigEndianBytes(P * Q),
      serverPublicKeyFingerprints: [bigInt(this.rsa.fingerprint.toString())],
    }).getBytes();
  }

  private serverDhParams(request: Api.ReqDHParams): Buffer {
    const state = this.checkNonces(request);
    if (BigInt(request.publicKeyFingerprint.toString()) !== this.rsa.fingerprint) {
      throw new AuthKeyExchangeError("req_DH_params names a key fingerprint this server does not have");
    }
    const inner = this.decryptInnerData(request.encryptedData);
    if (!inner.nonce.equals(state.nonce) || !littleEndian(inner.serverNonce, 16).equals(state.serverNonce)) {
      throw new AuthKeyExchangeError("p_q_inner_data nonces do not match");
    }
    const newNonce = littleEndian(inner.newNonce, 32);
    state.newNonce = newNonce;
    state.tmpKey = Buffer.concat([sha1(newNonce, state.serverNonce), sha1(state.serverNonce, newNonce).subarray(0, 12)]);
    state.tmpIv = Buffer.concat([sha1(state.serverNonce, newNonce).subarray(12, 20), sha1(newNonce, newNonce), newNonce.subarray(0, 4)]);
    state.dh = createDiffieHellman(MODP14, GENERATOR);
    const answer = new Api.ServerDHInnerData({
      nonce: state.nonce,
      serverNonce: signedLittleEndianValue(state.serverNonce),
      g: GENERATOR,
      dhPrime: MODP14,
      gA: state.dh.generateKeys(),
      serverTime: Math.floor(Date.now() / 1000),
    }).getBytes();
    return new Api.ServerDHParamsOk({
      nonce: state.nonce,
      serverNonce: signedLittleEndianValue(state.serverNonce),
      encryptedAnswer: aesIgeEncrypt(padTo16(Buffer.concat([sha1(answer), answer])), state.tmpKey, state.tmpIv),
    }).getBytes();
  }

  /** RSA_PAD, undone: RSA, then temp_key recovery, AES-IGE with a zero IV, the SHA256 check, unreversing. */
  private decryptInnerData(encrypted: Buffer): Api.PQInnerData {
    const block = this.rsa.decrypt(encrypted);
    const aesEncrypted = block.subarray(32);
    const hashOfAes = sha256(aesEncrypted);
    const tempKey = Buffer.from(block.subarray(0, 32).map((byte, i) => byte ^ hashOfAes[i]));
    const dataWithHash = aesIgeDecrypt(aesEncrypted, tempKey, Buffer.alloc(32));
    const dataWithPadding = Buffer.from(dataWithHash.subarray(0, 192)).reverse();
    if (!sha256(tempKey, dataWithPadding).equals(dataWithHash.subarray(192, 224))) {
      throw new AuthKeyExchangeError("req_DH_params encrypted_data fails its SHA256 check");
    }
    const inner: unknown = new BinaryReader(dataWithPadding).tgReadObject();
    if (!(inner instanceof Api.PQInnerData || inner instanceof Api.PQInnerDataDc)) {
      throw new AuthKeyExchangeError(`req_DH_params carries ${describe(inner)}, not p_q_inner_data`);
    }
    return inner as Api.PQInnerData;
  }

  private dhGen(request: Api.SetClientDHParams): Buffer {
    const state = this.checkNonces(request);
    const { newNonce, tmpKey, tmpIv, dh } = state;
    if (!newNonce || !tmpKey || !tmpIv || !dh) throw new AuthKeyExchangeError("set_client_DH_params before req_DH_params");
    const plain = aesIgeDecrypt(request.encryptedData, tmpKey, tmpIv);
    const inner: unknown = new BinaryReader(plain.subarray(20)).tgReadObject();
    if (!(inner instanceof Api.ClientDHInnerData)) throw new AuthKeyExchangeError(`set_client_DH_params carries ${describe(inner)}`);
    if (!sha1(inner.getBytes()).equals(plain.subarray(0, 20))) {
      throw new AuthKeyExchangeError("client_DH_inner_data fails its SHA1 check");
    }
    // GramJS keeps g_ab as its minimal big-endian bytes (leading zeros dropped), so about one key
    // in 256 is 255 bytes long; the key id is hashed over exactly those bytes, so do the same.
    const secret = dh.computeSecret(inner.gB);
    let start = 0;
    while (start < secret.length - 1 && secret[start] === 0) start++;
    const entry = this.keys.add(secret.subarray(start));
    const auxHash = sha1(entry.key).subarray(0, 8);
    const newNonceHash1 = sha1(newNonce, Buffer.from([1]), auxHash).subarray(4, 20);
    this.state = undefined;
    return new Api.DhGenOk({
      nonce: state.nonce,
      serverNonce: signedLittleEndianValue(state.serverNonce),
      newNonceHash1: signedLittleEndianValue(newNonceHash1),
    }).getBytes();
  }

  private checkNonces(request: { nonce: bigInt.BigInteger; serverNonce: bigInt.BigInteger }): Negotiation {
    const state = this.state;
    if (!state) throw new AuthKeyExchangeError("the exchange did not start with req_pq_multi");
    if (!request.nonce.equals(state.nonce) || !littleEndian(request.serverNonce, 16).equals(state.serverNonce)) {
      throw new AuthKeyExchangeError("nonce or server_nonce does not match this exchange");
    }
    return state;
  }
}

function describe(value: unknown): string {
  return (value as { className?: string } | undefined)?.className ?? typeof value;
}
