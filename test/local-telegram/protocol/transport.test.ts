import { crc32 } from "zlib";
import { randomBytes } from "crypto";
import { AbridgedCodec, FullCodec, TransportError } from "../../../local-telegram/protocol/transport";
import { TransportSniffer } from "../../../local-telegram/protocol/transportSniffer";

function fullFrame(payload: Buffer, seq: number): Buffer {
  const frame = Buffer.alloc(payload.length + 12);
  frame.writeInt32LE(frame.length, 0);
  frame.writeInt32LE(seq, 4);
  payload.copy(frame, 8);
  frame.writeUInt32LE(crc32(frame.subarray(0, frame.length - 4)), frame.length - 4);
  return frame;
}

describe("transport framing", () => {
  it("should reassemble TCPFull packets split across and joined within chunks", () => {
    const a = randomBytes(40);
    const b = randomBytes(1000);
    const stream = Buffer.concat([fullFrame(a, 0), fullFrame(b, 1)]);
    const codec = new FullCodec();
    const packets = [...codec.decode(stream.subarray(0, 30)), ...codec.decode(stream.subarray(30, 70)), ...codec.decode(stream.subarray(70))];
    expect(packets).toEqual([a, b]);
  });

  it("should reject a TCPFull frame with a wrong CRC or sequence number", () => {
    const corrupt = fullFrame(randomBytes(8), 0);
    corrupt[10] ^= 0xff;
    expect(() => new FullCodec().decode(corrupt)).toThrow(TransportError);
    expect(() => new FullCodec().decode(fullFrame(randomBytes(8), 5))).toThrow(/sequence 5/);
  });

  it("should round-trip short and long Abridged packets", () => {
    const short = randomBytes(4 * 10);
    const long = randomBytes(4 * 300);
    const writer = new AbridgedCodec();
    const encoded = Buffer.concat([writer.encode(short), writer.encode(long)]);
    expect(encoded[0]).toBe(10);
    expect(encoded[4 * 10 + 1]).toBe(0x7f);
    const reader = new AbridgedCodec();
    expect([...reader.decode(encoded.subarray(0, 100)), ...reader.decode(encoded.subarray(100))]).toEqual([short, long]);
  });

  it("should recognise each transport from its first bytes", () => {
    expect(new TransportSniffer().feed(Buffer.from([0xef, 1, 2]))?.codec.name).toBe("abridged");
    expect(new TransportSniffer().feed(fullFrame(randomBytes(8), 0))?.codec.name).toBe("full");
    const sniffer = new TransportSniffer();
    // Neither 0xef nor a zero sequence number: an obfuscated header, which needs all 64 bytes.
    expect(sniffer.feed(Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]))).toBeUndefined();
    expect(() => sniffer.feed(randomBytes(56))).toThrow(/inner transport/);
  });
});
