import type { z } from "zod";

/** "config/local.json: telegram.floodSleepThreshold: expected a number, got "ten"". */
export function describeIssue(issue: z.core.$ZodIssue, file: string, keyPrefix: string, root: unknown): string {
  const keyPath = [keyPrefix, ...issue.path.map(String)].filter(Boolean).join(".");
  const got = valueAt(root, issue.path);
  const gotText = got === undefined ? "" : `, got ${JSON.stringify(got)}`;
  if (issue.code === "unrecognized_keys") {
    const where = keyPath ? `${keyPath}: ` : "";
    return `${file}: ${where}unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  }
  return `${file}: ${keyPath || "(top level)"}: ${issue.message}${gotText}`;
}

function valueAt(root: unknown, keys: PropertyKey[]): unknown {
  let value = root;
  for (const key of keys) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
