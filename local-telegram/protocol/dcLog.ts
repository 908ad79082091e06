/** The data center's own diagnostics: quiet by default, loud when a test needs to see the wire. */
export type DcLogLevel = "silent" | "warn" | "debug";

export interface DcLog {
  warn(message: string): void;
  debug(message: string): void;
}

export function createDcLog(level: DcLogLevel): DcLog {
  return {
    warn: (message) => {
      if (level !== "silent") console.warn(`[test dc] ${message}`);
    },
    debug: (message) => {
      if (level === "debug") console.debug(`[test dc] ${message}`);
    },
  };
}
