import {
  fromTelegramPhone,
  looksLikePhone,
  normalisePhone,
  phoneTail,
  regionOfPhone,
  toTelegramDigits,
} from "../../../../plugins/contact-avatar/contacts/phone";

describe("normalisePhone", () => {
  it.each([
    ["+44 7700 900123", undefined, "+447700900123"],
    ["+1-202-555-0143", undefined, "+12025550143"],
    ["+1 (202) 555-0143", "GB", "+12025550143"],
    ["0044 7700 900123", undefined, "+447700900123"],
    ["(202) 555-0143", "US", "+12025550143"],
    ["202.555.0143", "US", "+12025550143"],
    ["07700 900123", "GB", "+447700900123"],
    ["030 123456", "DE", "+4930123456"],
  ] as const)("reads %s (region %s) as %s", (text, region, expected) => {
    expect(normalisePhone(text, region)).toBe(expected);
  });

  it("needs a region for a local number", () => {
    expect(normalisePhone("(202) 555-0143")).toBeUndefined();
  });

  it.each(["Bob", "@alice", "12", "+1 23", "+12025550143x", ""])("refuses %p", (text) => {
    expect(normalisePhone(text, "US")).toBeUndefined();
  });
});

describe("Telegram's stored form", () => {
  it("turns digits into E.164 and back", () => {
    expect(fromTelegramPhone("12025550143")).toBe("+12025550143");
    expect(fromTelegramPhone("")).toBeUndefined();
    expect(fromTelegramPhone(undefined)).toBeUndefined();
    expect(toTelegramDigits("+44 7700 900123")).toBe("447700900123");
  });
});

describe("regionOfPhone", () => {
  it("finds the owner's country, also for unallocated ranges", () => {
    expect(regionOfPhone("12025550100")).toBe("US");
    expect(regionOfPhone("+447700900123")).toBe("GB");
    expect(regionOfPhone("")).toBeUndefined();
  });
});

describe("helpers", () => {
  it("says what looks like a phone number", () => {
    expect(looksLikePhone("+1-202-555-0143")).toBe(true);
    expect(looksLikePhone("(202) 555-0143")).toBe(true);
    expect(looksLikePhone("Bob")).toBe(false);
    expect(looksLikePhone("1234")).toBe(false);
  });
  it("shows the last digits only", () => {
    expect(phoneTail("+12025550143")).toBe("…0143");
    expect(phoneTail(undefined)).toBeUndefined();
  });
});
