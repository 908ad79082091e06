/**
 * The obfuscated transport: a 64-byte random header whose bytes 8..56 carry
 * the AES-256-CTR keys of both directions, then an inner transport (GramJS
 * always uses Abridged inside) encrypted with those keys. It exists so that
 * a firewall cannot recognise MTProto by its first bytes.
 */
import { createCipheriv, createDecipheriv, type Cipher, type Decipher } from "crypto";
import { TransportError, type FrameCodec } from "./transport";

export const OBFUSCATED_HEADER_LENGTH = 64;

/** Bytes 56..60 of the decrypted header name the inner transport. */
const ABRIDGED_INNER_TAG = 0xefefefef;

export class ObfuscatedCodec implements FrameCodec {
  readonly name = "obfuscated";
  private readonly decipher: Decipher;
  private readonly cipher: Cipher;

  constructor(
    header: Buffer,
    private readonly inner: FrameCodec,
  ) {
    if (header.length !== OBFUSCATED_HEADER_LENGTH) throw new TransportError("Obfuscated header must be 64 bytes");
    // Client to server: key and IV as written. Server to client: the same 48 bytes reversed.
    this.decipher = createDecipheriv("aes-256-ctr", header.subarray(8, 40), header.subarray(40, 56));
    const reversed = Buffer.from(header.subarray(8, 56)).reverse();
    this.cipher = createCipheriv("aes-256-ctr", reversed.subarray(0, 32), reversed.subarray(32, 48));
    // The client encrypted the whole header with its stream, so the stream has advanced 64 bytes.
    const plainHeader = this.decipher.update(header);
    const tag = plainHeader.readUInt32LE(56);
    if (tag !== ABRIDGED_INNER_TAG) {
      throw new TransportError(`Obfuscated header names inner transport 0x${tag.toString(16)}; only Abridged is served`);
    }
  }

  decode(chunk: Buffer): Buffer[] {
    return this.inner.decode(this.decipher.update(chunk));
  }

  encode(packet: Buffer): Buffer {
    return this.cipher.update(this.inner.encode(packet));
  }
}
