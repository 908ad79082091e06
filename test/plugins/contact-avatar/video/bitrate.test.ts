import { encodeWithinBudget, MAX_VIDEO_KBPS, retryVideoKbps, targetVideoKbps } from "../../../../plugins/contact-avatar/video/bitrate";

const TWO_MB = 2 * 1024 * 1024;

describe("targetVideoKbps", () => {
  it("should leave room for the container: 10 s at the target stays under 2 MB", () => {
    const kbps = targetVideoKbps(10, TWO_MB);
    expect((kbps * 1000 * 10) / 8).toBeLessThan(TWO_MB * 0.95);
    // ...while not wasting the budget: Telegram's Android client uses 1.5 to 2.6 Mbit/s.
    expect(kbps).toBeGreaterThan(1400);
  });

  it("should give shorter clips more bits per second, up to a ceiling", () => {
    expect(targetVideoKbps(5, TWO_MB)).toBeGreaterThan(targetVideoKbps(10, TWO_MB));
    expect(targetVideoKbps(0.5, TWO_MB)).toBe(MAX_VIDEO_KBPS);
  });

  it("should scale with the byte budget", () => {
    expect(targetVideoKbps(10, 1024 * 1024)).toBeLessThan(targetVideoKbps(10, TWO_MB) / 1.9);
  });
});

describe("retryVideoKbps", () => {
  it("should aim below the rate the overshoot suggests", () => {
    expect(retryVideoKbps(1600, TWO_MB * 1.2, TWO_MB)).toBeLessThan(1600 / 1.2);
  });
});

describe("encodeWithinBudget", () => {
  it("should encode once when the first result fits", async () => {
    const rates: number[] = [];
    const attempts = await encodeWithinBudget(async (kbps) => (rates.push(kbps), TWO_MB - 1), 10, TWO_MB);
    expect(rates).toHaveLength(1);
    expect(attempts).toEqual([{ kbps: rates[0], bytes: TWO_MB - 1 }]);
  });

  it("should retry once at a lower rate when the first result is too big", async () => {
    const sizes = [TWO_MB + 300_000, TWO_MB - 100_000, 1];
    const attempts = await encodeWithinBudget(async () => sizes.shift() ?? 0, 10, TWO_MB);
    expect(attempts).toHaveLength(2);
    expect(attempts[1].kbps).toBeLessThan(attempts[0].kbps);
    expect(attempts[1].bytes).toBe(TWO_MB - 100_000);
  });

  it("should not retry a second time; the last attempt is reported even if still too big", async () => {
    const attempts = await encodeWithinBudget(async () => TWO_MB * 2, 10, TWO_MB);
    expect(attempts).toHaveLength(2);
  });
});
