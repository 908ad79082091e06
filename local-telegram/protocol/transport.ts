/**
 * TCP framing: turns the byte stream of a socket into MTProto packets and
 * back, for the transports GramJS speaks (TCPFull, Abridged, and Obfuscated,
 * which is Abridged under an AES-CTR layer, see obfuscation.ts).
 *
 * Codecs are pure (bytes in, packets out) so they can be tested without a
 * socket; the connection feeds them whatever chunks TCP delivers.
 */
import { crc32 } from "zlib";

/** The peer broke the framing rules; the only answer is to close the socket. */
export class TransportError extends Error {
  override name = "TransportError";
}

/** One transport's framing. */
export interface FrameCodec {
  readonly name: "full" | "abridged" | "obfuscated";
  /** Feed received bytes; returns the packets they complete (possibly none). */
  decode(chunk: Buffer): Buffer[];
  /** Frame one outgoing packet. */
  encode(packet: Buffer): Buffer;
}

/** Packets bigger than this are a framing error, not a real request (GramJS parts are 512 KiB). */
const MAX_PACKET = 16 * 1024 * 1024;

/** Bytes received but not yet framed. */
export class ByteQueue {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  get length(): number {
    return this.buffer.length;
  }

  peek(n: number): Buffer {
    return this.buffer.subarray(0, n);
  }

  take(n: number): Buffer {
    const head = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return head;
  }
}

/** TCPFull: length (whole frame), sequence number, payload, CRC32 of all before it. */
export class FullCodec implements FrameCodec {
  readonly name = "full";
  private readonly pending = new ByteQueue();
  private expectedSeq = 0;
  private sendSeq = 0;

  decode(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    const packets: Buffer[] = [];
    while (this.pending.length >= 4) {
      const frameLength = this.pending.peek(4).readInt32LE(0);
      if (frameLength < 12 || frameLength > MAX_PACKET || frameLength % 4 !== 0) {
        throw new TransportError(`TCPFull frame length ${frameLength} is invalid`);
      }
      if (this.pending.length < frameLength) break;
      const frame = this.pending.take(frameLength);
      const seq = frame.readInt32LE(4);
      if (seq !== this.expectedSeq) throw new TransportError(`TCPFull sequence ${seq}, expected ${this.expectedSeq}`);
      this.expectedSeq += 1;
      const body = frame.subarray(0, frameLength - 4);
      if (crc32(body) !== frame.readUInt32LE(frameLength - 4)) throw new TransportError("TCPFull CRC32 mismatch");
      packets.push(Buffer.from(frame.subarray(8, frameLength - 4)));
    }
    return packets;
  }

  encode(packet: Buffer): Buffer {
    const frame = Buffer.alloc(packet.length + 12);
    frame.writeInt32LE(frame.length, 0);
    frame.writeInt32LE(this.sendSeq++, 4);
    packet.copy(frame, 8);
    frame.writeUInt32LE(crc32(frame.subarray(0, frame.length - 4)), frame.length - 4);
    return frame;
  }
}

/** Abridged: one length byte in 4-byte words, or 0x7f plus three bytes for long packets. */
export class AbridgedCodec implements FrameCodec {
  readonly name = "abridged";
  private readonly pending = new ByteQueue();

  decode(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    const packets: Buffer[] = [];
    while (this.pending.length >= 1) {
      // The top bit asks for a quick ack, which GramJS never uses; the length is the rest.
      const first = this.pending.peek(1)[0] & 0x7f;
      let headerLength = 1;
      let words = first;
      if (first === 0x7f) {
        if (this.pending.length < 4) break;
        headerLength = 4;
        words = this.pending.peek(4).readUIntLE(1, 3);
      }
      const length = words * 4;
      if (length > MAX_PACKET) throw new TransportError(`Abridged packet of ${length} bytes is too large`);
      if (this.pending.length < headerLength + length) break;
      this.pending.take(headerLength);
      packets.push(Buffer.from(this.pending.take(length)));
    }
    return packets;
  }

  encode(packet: Buffer): Buffer {
    const words = packet.length >> 2;
    if (words < 0x7f) return Buffer.concat([Buffer.from([words]), packet]);
    const header = Buffer.alloc(4);
    header[0] = 0x7f;
    header.writeUIntLE(words, 1, 3);
    return Buffer.concat([header, packet]);
  }
}
