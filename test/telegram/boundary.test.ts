/**
 * The GramJS boundary (issue 9): src/telegram is the one place that imports
 * the client library, so that a move to its maintained fork (teleproto) or to
 * mtcute touches one folder. The local Telegram server (local-telegram/) and
 * tests and benchmarks of the client itself speak GramJS on purpose and are
 * not checked. Plugins also import the host only through the SDK, and nothing
 * outside test/ imports from it (shared generators live in fixtures/).
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(rel);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** Every module a file imports, re-exports, requires or imports dynamically, as written. */
export function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

const isGramJs = (spec: string) => spec === "telegram" || spec.startsWith("telegram/");

describe("the GramJS boundary", () => {
  it("should find imports of every kind (or the checks below could not fail)", () => {
    const text = [
      'import { Api } from "telegram";',
      'import type { EntityLike } from "telegram/define";',
      'export { x } from "telegram/Helpers";',
      'const c = require("telegram/client");',
      'const d = import("telegram/events");',
    ].join("\n");
    expect(importsOf(text).filter(isGramJs)).toEqual(["telegram", "telegram/define", "telegram/Helpers", "telegram/client", "telegram/events"]);
  });

  it("should keep GramJS inside src/telegram: no other file of the host, plugins or scripts imports it", () => {
    const files = [...sourceFiles("src"), ...sourceFiles("plugins"), ...sourceFiles("scripts")].filter(
      (f) => !f.startsWith(`src${path.sep}telegram${path.sep}`),
    );
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((file) =>
      importsOf(fs.readFileSync(path.join(ROOT, file), "utf8"))
        .filter(isGramJs)
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("should have plugins import the host through contact-userbot/sdk only, never its files", () => {
    const offenders = sourceFiles("plugins").flatMap((file) =>
      importsOf(fs.readFileSync(path.join(ROOT, file), "utf8"))
        .filter((spec) => spec.startsWith("."))
        .filter((spec) => !path.resolve(ROOT, path.dirname(file), spec).startsWith(path.join(ROOT, "plugins") + path.sep))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it("should keep test/ for tests: nothing the userbot, the sandbox or the benchmarks run imports from it", () => {
    const files = ["src", "plugins", "scripts", "local-telegram", "bench", "fixtures"].flatMap(sourceFiles);
    const offenders = files.flatMap((file) =>
      importsOf(fs.readFileSync(path.join(ROOT, file), "utf8"))
        .filter((spec) => spec.startsWith(".") && path.resolve(ROOT, path.dirname(file), spec).startsWith(path.join(ROOT, "test") + path.sep))
        .map((spec) => `${file}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
