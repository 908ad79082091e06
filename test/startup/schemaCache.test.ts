/**
 * scripts/schemaCache.js: GramJS's parsed TL schema kept in a file between
 * starts. Run in child processes with the real GramJS, as scripts/run.js runs
 * it. That the file is what GramJS builds its API from is seen by changing
 * one constructor id in it: the next process's Api class carries the changed
 * id. Whatever the file holds, GramJS must load.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
/** GramJS's id for InputPeerEmpty (inputPeerEmpty#7f3b18ea), and the same id off by one. */
const REAL_ID = 2134579434;
const CHANGED_ID = REAL_ID + 1;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-cache-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cacheFile = () => path.join(dir, "cache", "gramjs-schema.json");

interface Loaded {
  id: number;
  /** typeof self / typeof localStorage once GramJS has loaded. */
  globals: string[];
}

/** Loads GramJS in a child with the cache in dir/cache; `before` runs first (to set globals). */
function loadGramJs(env: Record<string, string> = {}, before = ""): Loaded {
  const script = `${before}
    require(${JSON.stringify(path.join(ROOT, "scripts/schemaCache.js"))}).enableSchemaCache(${JSON.stringify(path.join(dir, "cache"))}, ${JSON.stringify(ROOT)});
    const { Api } = require("telegram");
    process.stdout.write(JSON.stringify({ id: Api.InputPeerEmpty.CONSTRUCTOR_ID, globals: [typeof self, typeof localStorage] }));`;
  const out = execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", env: { PATH: process.env.PATH ?? "", ...env } });
  return JSON.parse(out) as Loaded;
}

/** Puts CHANGED_ID where the file has InputPeerEmpty's id (same length: the header still fits). */
function changeIdInFile(): void {
  const text = fs.readFileSync(cacheFile(), "utf8");
  const changed = text.replace(`"name":"InputPeerEmpty","constructorId":${REAL_ID}`, `"name":"InputPeerEmpty","constructorId":${CHANGED_ID}`);
  expect(changed).not.toBe(text);
  fs.writeFileSync(cacheFile(), changed);
}

describe("GramJS's schema cache", () => {
  it("should store the parsed schema at the first load and build the API from it at the next, leaving no globals behind", () => {
    expect(loadGramJs()).toEqual({ id: REAL_ID, globals: ["undefined", "undefined"] });
    expect(fs.statSync(cacheFile()).size).toBeGreaterThan(100_000);
    changeIdInFile();
    expect(loadGramJs()).toEqual({ id: CHANGED_ID, globals: ["undefined", "undefined"] });
  });

  it("should parse afresh and store the whole again when the file was cut short", () => {
    loadGramJs();
    const whole = fs.readFileSync(cacheFile(), "utf8");
    fs.writeFileSync(cacheFile(), whole.slice(0, whole.length / 2));
    expect(loadGramJs().id).toBe(REAL_ID);
    expect(fs.readFileSync(cacheFile(), "utf8")).toBe(whole);
  });

  it("should load GramJS, and store the schema again, when the file is damaged but of the right length", () => {
    loadGramJs();
    const whole = fs.readFileSync(cacheFile(), "utf8");
    const newline = whole.indexOf("\n");
    fs.writeFileSync(cacheFile(), whole.slice(0, newline + 1) + "x".repeat(whole.length - newline - 1));
    expect(loadGramJs().id).toBe(REAL_ID);
    expect(fs.readFileSync(cacheFile(), "utf8")).toBe(whole);
  });

  it("should not use a file made from another GramJS or other schema files", () => {
    loadGramJs();
    changeIdInFile();
    const text = fs.readFileSync(cacheFile(), "utf8");
    fs.writeFileSync(cacheFile(), text.replace(/^gramjs \S+/, "gramjs 0.0.1"));
    expect(loadGramJs().id).toBe(REAL_ID);
    expect(fs.readFileSync(cacheFile(), "utf8")).toMatch(/^gramjs \d+\.\d+\.\d+ api /);
  });

  it("should stay off with NODE_DISABLE_COMPILE_CACHE, and when something else already defines self", () => {
    expect(loadGramJs({ NODE_DISABLE_COMPILE_CACHE: "1" }).id).toBe(REAL_ID);
    expect(fs.existsSync(cacheFile())).toBe(false);
    // A page-like environment of someone else's: GramJS is left to deal with it, and no file is written.
    expect(loadGramJs({}, "globalThis.self = {};").globals).toEqual(["object", "undefined"]);
    expect(fs.existsSync(cacheFile())).toBe(false);
  });
});
