/**
 * Recognises which transport a new connection speaks from its first bytes.
 */
import { ObfuscatedCodec, OBFUSCATED_HEADER_LENGTH } from "./obfuscation";
import { AbridgedCodec, ByteQueue, FullCodec, type FrameCodec } from "./transport";

const ABRIDGED_TAG = 0xef;

/**
 * Picks the transport from the first bytes a client sends, the way Telegram
 * does: 0xef opens Abridged; TCPFull starts with a length whose sequence
 * number (bytes 4..8) is zero; anything else is an obfuscated 64-byte header
 * (GramJS makes sure such a header never looks like the other two).
 */
export class TransportSniffer {
  private readonly pending = new ByteQueue();

  /** Returns the codec once it is known, together with the bytes that belong to it. */
  feed(chunk: Buffer): { codec: FrameCodec; rest: Buffer } | undefined {
    this.pending.push(chunk);
    if (this.pending.length >= 1 && this.pending.peek(1)[0] === ABRIDGED_TAG) {
      this.pending.take(1);
      return { codec: new AbridgedCodec(), rest: this.pending.take(this.pending.length) };
    }
    if (this.pending.length < 8) return undefined;
    if (this.pending.peek(8).readUInt32LE(4) === 0) {
      return { codec: new FullCodec(), rest: this.pending.take(this.pending.length) };
    }
    if (this.pending.length < OBFUSCATED_HEADER_LENGTH) return undefined;
    const codec = new ObfuscatedCodec(this.pending.take(OBFUSCATED_HEADER_LENGTH), new AbridgedCodec());
    return { codec, rest: this.pending.take(this.pending.length) };
  }
}
