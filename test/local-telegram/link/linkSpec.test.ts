import { describeLink, LinkSpecError, parseLinkSpec } from "../../../local-telegram/link/linkSpec";

describe("parseLinkSpec", () => {
  it("should read a round trip and one bandwidth for both ways", () => {
    expect(parseLinkSpec("80ms,20mbit")).toEqual({ rttMs: 80, downBps: 20e6, upBps: 20e6, jitterMs: 0, dropAfterBytes: undefined });
  });

  it("should read down/up bandwidths, jitter and a drop", () => {
    expect(parseLinkSpec("150ms, 5mbit/512kbit, jitter=10ms, drop=300kb")).toEqual({
      rttMs: 150,
      downBps: 5e6,
      upBps: 512e3,
      jitterMs: 10,
      dropAfterBytes: 300 * 1024,
    });
  });

  it.each([
    ["", "a link looks like"],
    ["80", '"80" is neither a round trip'],
    ["80ms,20mb", '"20mb" is neither a round trip'],
    ["80ms,0mbit", "more than 0"],
    ["80ms,loss=1%", 'unknown link setting "loss"'],
    ["80ms,drop=lots", "is not a byte count"],
  ])("should refuse %p with a clear message", (text, message) => {
    expect(() => parseLinkSpec(text)).toThrow(LinkSpecError);
    expect(() => parseLinkSpec(text)).toThrow(message);
  });

  it("should describe a link in words", () => {
    expect(describeLink(parseLinkSpec("80ms,20mbit"))).toBe("80 ms round trip, 20 Mbit/s");
    expect(describeLink(parseLinkSpec("30ms,100mbit/10mbit,drop=1kb"))).toBe("30 ms round trip, 100 Mbit/s down, 10 Mbit/s up, drop after 1024 bytes");
  });
});
