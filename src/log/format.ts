/**
 * Renders one log entry as readable text:
 * `2026-11-22T03:40:00.123Z INFO  [host] message key=value key2="quoted value"`
 * with the stack of any Error field on the following lines, indented.
 */
import type { LogFields } from "./logger";

const STACK_INDENT = "    ";
/** Causes nest rarely; a bound keeps a cyclic `cause` from looping. */
const MAX_CAUSE_DEPTH = 3;

export interface LogEntry {
  time: Date;
  level: string;
  scope?: string;
  message: string;
  fields?: LogFields;
}

export function formatEntry(entry: LogEntry): string {
  const head = [entry.time.toISOString(), entry.level.toUpperCase().padEnd(5)];
  if (entry.scope) head.push(`[${entry.scope}]`);
  head.push(entry.message);
  const stacks: string[] = [];
  for (const [key, value] of Object.entries(entry.fields ?? {})) {
    head.push(`${key}=${formatValue(value)}`);
    if (value instanceof Error) stacks.push(...stackLines(value, 0));
  }
  return [head.join(" "), ...stacks].join("\n");
}

/** Plain words stay bare; anything a reader could mis-split is JSON-quoted. */
export function formatValue(value: unknown): string {
  if (value instanceof Error) return quoteIfNeeded(errorTitle(value));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "InvalidDate" : value.toISOString();
  switch (typeof value) {
    case "string":
      return quoteIfNeeded(value);
    case "number":
    case "boolean":
    case "bigint":
    case "undefined":
    case "symbol":
      return String(value);
    case "function":
      return `[function ${value.name || "anonymous"}]`;
    default:
      return value === null ? "null" : toJson(value);
  }
}

function quoteIfNeeded(text: string): string {
  return /^[^\s"'=\\]+$/u.test(text) ? text : JSON.stringify(text);
}

function toJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "undefined";
  } catch {
    return "[unserializable]";
  }
}

function errorTitle(error: Error): string {
  return `${error.name}: ${error.message}`;
}

/** The stack without its first "Name: message" line (already shown as the field), then any causes. */
function stackLines(error: Error, depth: number): string[] {
  const lines: string[] = [];
  if (depth > 0) lines.push(`${STACK_INDENT}caused by ${errorTitle(error)}`);
  const stack = error.stack ?? "";
  const frames = stack.startsWith(String(error)) ? stack.slice(String(error).length) : stack;
  for (const line of frames.split("\n")) {
    if (line.trim() !== "") lines.push(STACK_INDENT + line.trim());
  }
  if (error.cause instanceof Error && depth < MAX_CAUSE_DEPTH) lines.push(...stackLines(error.cause, depth + 1));
  return lines;
}
