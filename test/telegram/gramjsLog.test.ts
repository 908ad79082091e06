import { Logger as GramJsLogger, LogLevel as GramJsLogLevel } from "telegram/extensions/Logger";
import { gramjsLoggerBridge } from "../../src/telegram/gramjsLog";
import { createLogger, type LogLevel } from "../../src/log/logger";
import { REDACTED, Redactor } from "../../src/log/redact";

function bridgeAt(level: LogLevel, redactor = new Redactor()) {
  const lines: string[] = [];
  const log = createLogger({ level, write: (line) => lines.push(line), scope: "gramjs", redactor });
  return { bridge: gramjsLoggerBridge(log), lines };
}

describe("gramjsLoggerBridge", () => {
  it("should be a GramJS Logger at our level", () => {
    expect(bridgeAt("debug").bridge).toBeInstanceOf(GramJsLogger);
    expect(bridgeAt("debug").bridge.logLevel).toBe(GramJsLogLevel.DEBUG);
    expect(bridgeAt("warn").bridge.logLevel).toBe(GramJsLogLevel.WARN);
    expect(bridgeAt("silent").bridge.logLevel).toBe(GramJsLogLevel.NONE);
  });

  it("should route GramJS's four levels to ours", () => {
    const { bridge, lines } = bridgeAt("debug");
    bridge.error("e1");
    bridge.warn("w1");
    bridge.info("i1");
    bridge.debug("d1");
    expect(lines.map((line) => line.split(" ").slice(1).filter(Boolean).join(" "))).toEqual([
      "ERROR [gramjs] e1",
      "WARN [gramjs] w1",
      "INFO [gramjs] i1",
      "DEBUG [gramjs] d1",
    ]);
  });

  it("should drop GramJS messages below our level", () => {
    const { bridge, lines } = bridgeAt("warn");
    bridge.info("Connecting to 149.154.167.51:80/TCPFull...");
    bridge.debug("noise");
    bridge.warn("kept");
    expect(lines).toHaveLength(1);
  });

  it("should drop GramJS's per-attempt connect failure line and keep its connect chatter for debug", () => {
    const atInfo = bridgeAt("info");
    atInfo.bridge.error("WebSocket connection failed attempt: 1");
    atInfo.bridge.info("Running gramJS version 2.26.21");
    atInfo.bridge.info("Connecting to 127.0.0.1:9/Pinned...");
    atInfo.bridge.warn("Disconnecting...");
    atInfo.bridge.error("something else");
    expect(atInfo.lines).toHaveLength(1);
    expect(atInfo.lines[0]).toContain("something else");
    const atDebug = bridgeAt("debug");
    atDebug.bridge.error("WebSocket connection failed attempt: 2");
    atDebug.bridge.info("Connecting to 127.0.0.1:9/Pinned...");
    expect(atDebug.lines.map((line) => line.split(" ").slice(1).filter(Boolean).join(" "))).toEqual(["DEBUG [gramjs] Connecting to 127.0.0.1:9/Pinned..."]);
  });

  it("should redact secrets in what GramJS logs", () => {
    const redactor = new Redactor();
    redactor.addSecret("deadbeefcafe");
    const { bridge, lines } = bridgeAt("debug", redactor);
    bridge.info("Using api hash deadbeefcafe");
    expect(lines[0].endsWith(`Using api hash ${REDACTED}`)).toBe(true);
    expect(lines[0]).not.toContain("deadbeefcafe");
  });

  it("should keep the stack when GramJS hands over an Error", () => {
    const { bridge, lines } = bridgeAt("debug");
    (bridge as unknown as { error(message: unknown): void }).error(new Error("socket closed"));
    expect(lines[0]).toMatch(/ERROR \[gramjs\] socket closed error="Error: socket closed"\n {4}at /);
  });

  it("should follow a later GramJS setLevel", () => {
    const { bridge, lines } = bridgeAt("debug");
    bridge.setLevel(GramJsLogLevel.ERROR);
    bridge.info("dropped by GramJS");
    bridge.error("kept");
    expect(lines).toHaveLength(1);
  });

  it("should refuse GramJS's raw console printing while still taking its log lines", () => {
    const { bridge, lines } = bridgeAt("debug");
    // GramJS prints raw errors (stacks, unredacted) with console.error only when canSend says yes.
    expect(bridge.canSend(GramJsLogLevel.ERROR)).toBe(false);
    expect(bridge.canSend(GramJsLogLevel.DEBUG)).toBe(false);
    bridge.error("still routed");
    expect(lines.join("\n")).toContain("still routed");
  });
});
