import { ConfigError } from "../../src/core/errors";
import { createLogger, parseLogLevel, type LogLevel } from "../../src/log/logger";
import { REDACTED, Redactor } from "../../src/log/redact";

const FIXED_TIME = new Date("2026-11-22T03:40:00.123Z");

function capture(level: LogLevel, redactor?: Redactor) {
  const lines: string[] = [];
  const log = createLogger({ level, write: (line) => lines.push(line), scope: "host", redactor, clock: () => FIXED_TIME });
  return { log, lines };
}

describe("createLogger", () => {
  it("should write a timestamped, levelled, scoped line with fields", () => {
    const { log, lines } = capture("debug");
    log.info("message", { key: "value", key2: "quoted value", n: 42, ok: true, none: undefined });
    expect(lines).toEqual(['2026-11-22T03:40:00.123Z INFO  [host] message key=value key2="quoted value" n=42 ok=true none=undefined']);
  });

  it("should quote values a reader could mis-split and render objects as JSON", () => {
    const { log, lines } = capture("debug");
    log.warn("odd values", { empty: "", eq: "a=b", nl: "a\nb", big: 10n, obj: { a: [1, 2n] }, at: FIXED_TIME });
    expect(lines[0]).toBe('2026-11-22T03:40:00.123Z WARN  [host] odd values empty="" eq="a=b" nl="a\\nb" big=10 obj={"a":[1,"2"]} at=2026-11-22T03:40:00.123Z');
  });

  it("should not throw on a cyclic field", () => {
    const { log, lines } = capture("debug");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    log.info("cycle", { cyclic });
    expect(lines[0]).toContain("cyclic=[unserializable]");
  });

  it("should drop lines below the configured level", () => {
    const { log, lines } = capture("warn");
    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");
    expect(lines.map((line) => line.split(" ")[1])).toEqual(["WARN", "ERROR"]);
  });

  it("should write nothing at level silent", () => {
    const { log, lines } = capture("silent");
    log.error("e");
    expect(lines).toEqual([]);
  });

  it("should nest child scopes and share the parent's level", () => {
    const { log, lines } = capture("info");
    const child = log.child("store").child("avatar");
    child.debug("hidden");
    child.info("shown");
    expect(lines).toEqual(["2026-11-22T03:40:00.123Z INFO  [host:store:avatar] shown"]);
    expect(child.level).toBe("info");
  });

  it("should omit the brackets when there is no scope", () => {
    const lines: string[] = [];
    createLogger({ level: "info", write: (line) => lines.push(line), clock: () => FIXED_TIME }).info("hi");
    expect(lines).toEqual(["2026-11-22T03:40:00.123Z INFO  hi"]);
  });

  it("should render an error field with name and message and its stack indented below, at any level", () => {
    const { log, lines } = capture("info");
    const error = new TypeError("bad thing");
    log.info("failed", { error });
    const [head, ...stack] = lines[0].split("\n");
    expect(head).toBe('2026-11-22T03:40:00.123Z INFO  [host] failed error="TypeError: bad thing"');
    expect(stack.length).toBeGreaterThan(0);
    expect(stack[0]).toMatch(/^ {4}at /);
    expect(stack.every((line) => line.startsWith("    "))).toBe(true);
  });

  it("should include the cause of an error", () => {
    const { log, lines } = capture("info");
    log.error("outer", { error: new Error("outer", { cause: new RangeError("inner") }) });
    expect(lines[0]).toContain("\n    caused by RangeError: inner\n    at ");
  });

  it("should redact secrets in messages, fields and error stacks", () => {
    const redactor = new Redactor();
    redactor.addSecret("s3cr3t-session");
    redactor.addSecret("0123456789abcdef");
    const { log, lines } = capture("debug", redactor);
    const error = new Error("login failed for s3cr3t-session");
    error.stack = `Error: login failed for s3cr3t-session\n    at login (/app/0123456789abcdef.js:1:1)`;
    log.info("session is s3cr3t-session", { apiHash: "0123456789abcdef", nested: { s: "s3cr3t-session" } });
    log.child("auth").error("boom", { error });
    const output = lines.join("\n");
    expect(output).not.toContain("s3cr3t-session");
    expect(output).not.toContain("0123456789abcdef");
    expect(lines[0]).toBe(`2026-11-22T03:40:00.123Z INFO  [host] session is ${REDACTED} apiHash=${REDACTED} nested={"s":"${REDACTED}"}`);
    expect(lines[1]).toContain(`at login (/app/${REDACTED}.js:1:1)`);
  });

  it("should apply secrets added after the logger was created", () => {
    const redactor = new Redactor();
    const { log, lines } = capture("info", redactor);
    log.info("code 54321");
    redactor.addSecret("54321");
    log.info("code 54321");
    expect(lines.map((line) => line.split("] ")[1])).toEqual(["code 54321", `code ${REDACTED}`]);
  });

  it("should write to stdout with a newline by default", () => {
    const spy = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      createLogger({ level: "info", clock: () => FIXED_TIME }).info("to stdout");
      expect(spy).toHaveBeenCalledWith("2026-11-22T03:40:00.123Z INFO  to stdout\n");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("parseLogLevel", () => {
  it("should default to info when unset or blank", () => {
    expect(parseLogLevel(undefined)).toBe("info");
    expect(parseLogLevel("  ")).toBe("info");
  });

  it("should accept known levels in any case", () => {
    expect(parseLogLevel("DEBUG")).toBe("debug");
    expect(parseLogLevel(" warn ")).toBe("warn");
    expect(parseLogLevel("silent")).toBe("silent");
  });

  it("should throw a ConfigError naming the bad value", () => {
    expect(() => parseLogLevel("verbose")).toThrow(ConfigError);
    expect(() => parseLogLevel("verbose")).toThrow(/"verbose"/);
  });
});
