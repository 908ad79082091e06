import { gunzipSync } from "zlib";
import bigInt from "big-integer";
import { Api } from "telegram";
import { BinaryReader } from "telegram/extensions";
import { GZIP_PACKED_ID, MSG_CONTAINER_ID, MessageIdClock, rpcResult, serialiseResult, unpackMessage } from "../../../local-telegram/protocol/messages";

describe("message layer", () => {
  it("should unpack a msg_container into its messages", () => {
    const ping = new Api.Ping({ pingId: bigInt(7) }).getBytes();
    const ack = new Api.MsgsAck({ msgIds: [bigInt(1)] }).getBytes();
    const header = (msgId: bigint, body: Buffer): Buffer => {
      const h = Buffer.alloc(16);
      h.writeBigInt64LE(msgId, 0);
      h.writeInt32LE(1, 8);
      h.writeInt32LE(body.length, 12);
      return Buffer.concat([h, body]);
    };
    const count = Buffer.alloc(8);
    count.writeUInt32LE(MSG_CONTAINER_ID, 0);
    count.writeInt32LE(2, 4);
    const body = Buffer.concat([count, header(100n, ping), header(104n, ack)]);
    const inner = unpackMessage({ msgId: 108n, seqNo: 2, body });
    expect(inner.map((m) => m.msgId)).toEqual([100n, 104n]);
    expect(inner[0].body.equals(ping)).toBe(true);
    expect(inner[1].body.equals(ack)).toBe(true);
  });

  it("should gzip-pack a large result and leave a small one plain", () => {
    const large = serialiseResult(Array.from({ length: 100 }, (_, i) => new Api.User({ id: bigInt(i), firstName: "Same name" })));
    const packed = rpcResult(5n, large);
    expect(packed.readUInt32LE(12)).toBe(GZIP_PACKED_ID);
    const reader = new BinaryReader(packed.subarray(16));
    expect(gunzipSync(reader.tgReadBytes()).equals(large)).toBe(true);
    const small = serialiseResult(true);
    expect(rpcResult(5n, small).subarray(12).equals(small)).toBe(true);
  });

  it("should serialise Bool, Vector<int>, Vector<long> and vectors of objects", () => {
    expect(new BinaryReader(serialiseResult(true)).tgReadObject()).toBe(true);
    const ints = serialiseResult([1, 2, 3]);
    expect(ints.length).toBe(8 + 3 * 4);
    const longs = serialiseResult([1n, 2n]);
    expect(longs.readBigInt64LE(16)).toBe(2n);
    expect(() => serialiseResult(undefined)).toThrow(/cannot serialise/);
  });

  it("should issue increasing server msg_ids on the current second, 1 mod 4 for answers and 3 for pushes", () => {
    const clock = new MessageIdClock();
    const ids = [clock.next("answer"), clock.next("push"), clock.next("answer"), clock.next("answer")];
    for (let i = 1; i < ids.length; i++) expect(ids[i] > ids[i - 1]).toBe(true);
    expect(ids.map((id) => Number(id % 4n))).toEqual([1, 3, 1, 1]);
    expect(Math.abs(MessageIdClock.skewSeconds(ids[0]))).toBeLessThan(2);
  });
});
