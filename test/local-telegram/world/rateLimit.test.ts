import { RpcError } from "../../../local-telegram/protocol/rpc";
import { SlidingWindowLimiter } from "../../../local-telegram/world/rateLimit";

describe("SlidingWindowLimiter", () => {
  it("should answer FLOOD_WAIT with the seconds until the oldest slot frees, per account", () => {
    let now = 1_000_000;
    const limiter = new SlidingWindowLimiter({ max: 2, perSeconds: 10 }, () => now);
    limiter.check(1n);
    limiter.record(1n);
    now += 3000;
    limiter.record(1n);
    let error: unknown;
    try {
      limiter.check(1n);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(420);
    expect((error as RpcError).errorMessage).toBe("FLOOD_WAIT_7");
    expect(() => limiter.check(2n)).not.toThrow();
    now += 7001;
    expect(() => limiter.check(1n)).not.toThrow();
  });
});
