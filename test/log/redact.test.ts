import { REDACTED, Redactor } from "../../src/log/redact";

describe("Redactor", () => {
  it("should replace every occurrence of every registered secret", () => {
    const redactor = new Redactor();
    redactor.addSecret("1BVtsOKABu6pZ");
    redactor.addSecret("hunter22");
    expect(redactor.redact("session=1BVtsOKABu6pZ pw=hunter22 again 1BVtsOKABu6pZ")).toBe(`session=${REDACTED} pw=${REDACTED} again ${REDACTED}`);
  });

  it("should ignore secrets shorter than four characters", () => {
    const redactor = new Redactor();
    redactor.addSecret("123");
    redactor.addSecret("");
    expect(redactor.redact("2026-11-22T03:40:00.123Z id=123")).toBe("2026-11-22T03:40:00.123Z id=123");
  });

  it("should treat secrets as literal text, not patterns", () => {
    const redactor = new Redactor();
    redactor.addSecret("a.b*c+(d)");
    expect(redactor.redact("x a.b*c+(d) aXbbc")).toBe(`x ${REDACTED} aXbbc`);
  });

  it("should replace a longer secret whole even when it contains a shorter one", () => {
    const redactor = new Redactor();
    redactor.addSecret("abcd");
    redactor.addSecret("abcdefgh");
    expect(redactor.redact("abcdefgh abcd")).toBe(`${REDACTED} ${REDACTED}`);
  });

  it("should leave text alone when no secret is registered", () => {
    expect(new Redactor().redact("plain text")).toBe("plain text");
  });
});
