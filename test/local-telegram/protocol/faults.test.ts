import { FaultRules } from "../../../local-telegram/protocol/faults";

describe("fault rules", () => {
  it("should hit only the nth call, once by default", () => {
    const faults = new FaultRules();
    faults.add({ method: "users.GetUsers", nth: 2, action: { noAnswer: true } });
    expect([1, 2, 3].map(() => faults.take("users.GetUsers"))).toEqual([undefined, { noAnswer: true }, undefined]);
  });

  it("should hit `times` calls in a row, count only its own method, and go away on remove", () => {
    const faults = new FaultRules();
    const id = faults.add({ method: "a", times: 2, action: { delayMs: 5 } });
    expect(faults.take("b")).toBeUndefined();
    expect(faults.take("a")).toEqual({ delayMs: 5 });
    faults.remove(id);
    expect(faults.take("a")).toBeUndefined();
  });

  it("should let the oldest matching rule win while every rule keeps counting", () => {
    const faults = new FaultRules();
    faults.add({ method: "a", times: Infinity, action: { drop: "after" } });
    faults.add({ method: "a", nth: 2, action: { rpcError: [420, "FLOOD_WAIT_3"] } });
    faults.take("a");
    expect(faults.take("a")).toEqual({ drop: "after" });
    faults.clear();
    expect(faults.take("a")).toBeUndefined();
  });

  it("should refuse a rule with a meaningless nth or times", () => {
    expect(() => new FaultRules().add({ method: "a", nth: 0, action: { noAnswer: true } })).toThrow(/nth/);
    expect(() => new FaultRules().add({ method: "a", times: 0, action: { noAnswer: true } })).toThrow(/times/);
  });
});
