import { sessionStringProblem } from "../../src/telegram/sessionFile";
import { stringSessionFor } from "../../local-telegram/protocol/sessionString";

describe("sessionStringProblem", () => {
  const key = Buffer.alloc(256, 9);

  it("should accept what GramJS saves, including the 255-byte keys it makes when a key starts with a zero byte", () => {
    expect(sessionStringProblem(stringSessionFor(2, key))).toBeUndefined();
    expect(sessionStringProblem(stringSessionFor(4, key.subarray(1)))).toBeUndefined();
    expect(sessionStringProblem(stringSessionFor(2, key).replace(/=+$/, ""))).toBeUndefined();
  });

  it("should name a key cut short, with its length", () => {
    expect(sessionStringProblem(stringSessionFor(2, key.subarray(0, 100)))).toBe("is cut short or damaged (its key has 100 of 256 bytes)");
    expect(sessionStringProblem(stringSessionFor(2, key).slice(0, 60))).toMatch(/^is cut short or damaged \(its key has \d+ of 256 bytes\)$/);
  });

  it.each(["garbage", "", "1", "1abc", "2" + stringSessionFor(2, key).slice(1), "1%%%%"])("should refuse %j as not a session string", (value) => {
    expect(sessionStringProblem(value)).toBe("is not a usable session string");
  });
});
