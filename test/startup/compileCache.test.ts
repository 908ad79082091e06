/**
 * scripts/compileCache.js: V8's code cache for `npm start` and
 * `npm run avatar` (Node's built-in one from 22.1, a hand-made one on 20).
 * Whatever the cache holds, a module must run as its source on disk says,
 * with the `require`, `module` and file names Node gives it.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "compile-cache-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs main.js in `dir` with the cache (in dir/cache) on; returns its stdout. */
function run(): string {
  const starter = `require(${JSON.stringify(path.join(ROOT, "scripts/compileCache.js"))}).enableCompileCache(${JSON.stringify(path.join(dir, "cache"))}, "test");
    require(${JSON.stringify(path.join(dir, "main.js"))});`;
  return execFileSync(process.execPath, ["-e", starter], { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
}

const cacheFiles = () => fs.readdirSync(path.join(dir, "cache"), { recursive: true }).length;

describe("the compile cache", () => {
  it("should run a module edited since the last run as edited, even at the same length", () => {
    fs.writeFileSync(path.join(dir, "main.js"), 'console.log(require("./answer"));');
    fs.writeFileSync(path.join(dir, "answer.js"), "module.exports = 'one';");
    expect(run()).toBe("one\n");
    expect(cacheFiles()).toBeGreaterThan(0);
    expect(run()).toBe("one\n");
    fs.writeFileSync(path.join(dir, "answer.js"), "module.exports = 'two';");
    expect(run()).toBe("two\n");
  });

  it("should give a cached module Node's require, module, file names and a hashbang line, and leave dynamic import() working", () => {
    fs.writeFileSync(path.join(dir, "helper.mjs"), "export const kind = 'esm';");
    fs.writeFileSync(
      path.join(dir, "facts.js"),
      `#!/usr/bin/env node
      const base = (file) => require("node:path").basename(file);
      module.exports = {
        filename: base(__filename), dirname: __dirname === process.cwd(), resolved: base(require.resolve("./helper.mjs")),
        exportsIsThis: this === module.exports, cache: typeof require.cache, parent: base(module.parent.filename),
      };`,
    );
    fs.writeFileSync(path.join(dir, "main.js"), `import("./helper.mjs").then((m) => console.log(JSON.stringify({ ...require("./facts"), kind: m.kind })));`);
    const expected = { filename: "facts.js", dirname: true, resolved: "helper.mjs", exportsIsThis: true, cache: "object", parent: "main.js", kind: "esm" };
    // Twice: compiled afresh, then from the cache.
    expect(JSON.parse(run())).toEqual(expected);
    expect(JSON.parse(run())).toEqual(expected);
  });

  it("should start despite a damaged cache file", () => {
    fs.writeFileSync(path.join(dir, "main.js"), "console.log('fine');");
    expect(run()).toBe("fine\n");
    for (const file of fs.readdirSync(path.join(dir, "cache"), { recursive: true, withFileTypes: true })) {
      if (file.isFile()) fs.writeFileSync(path.join(file.parentPath, file.name), "not a cache");
    }
    expect(run()).toBe("fine\n");
  });
});
