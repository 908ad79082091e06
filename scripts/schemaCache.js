/**
 * GramJS's parsed TL schema, kept between starts of the compiled entry points
 * (scripts/run.js).
 *
 * When GramJS loads (telegram/tl/api.js), it parses the whole API schema text
 * (about 2,100 constructors and methods) before it builds its classes: some
 * 45 ms of a start, the largest single item of it. In a browser it keeps the
 * parsed definitions in localStorage and parses only once; under Node it finds
 * no localStorage and parses at every start. This gives it a localStorage for
 * the time that one module loads, backed by a file, so that a start reads the
 * definitions instead of parsing them again. The globals are gone as soon as
 * the module has loaded: no other code ever sees them.
 *
 * The file is keyed by the GramJS version and the schema files' size and
 * modification time, written aside and renamed (never torn), and checked for
 * its length when read. Should GramJS still fail on what it was given, the
 * file is removed and the module loaded again the usual way: the cache can
 * cost a start its speed-up, never the start itself.
 *
 * NODE_DISABLE_COMPILE_CACHE (Node's own switch for its code cache, which
 * compileCache.js also honours) turns this off too: one switch for a start
 * with no caches, as the first one after an install.
 */
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const { writeAside } = require("./writeAside");

/** The key GramJS stores its definitions under (telegram/tl/api.js). */
const GRAMJS_CACHE_KEY = "GramJs:apiCache";

/** Serves GramJS's schema cache from a file in `dir`, for the GramJS that `root` resolves to; a no-op if there is none. */
function enableSchemaCache(dir, root) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  let apiFile;
  try {
    apiFile = require.resolve("telegram/tl/api.js", { paths: [root] });
  } catch {
    return;
  }
  const key = schemaKey(path.dirname(apiFile));
  if (!key) return;
  const file = path.join(dir, "gramjs-schema.json");
  const loadJs = Module._extensions[".js"];
  const loadWithSchemaCache = function (module, filename) {
    if (filename !== apiFile) return loadJs.call(this, module, filename);
    // GramJS's API is built once per process: from here on, .js files load as Node loads them
    // (unless a later hook wrapped this one: then it stays, a pass-through).
    if (Module._extensions[".js"] === loadWithSchemaCache) Module._extensions[".js"] = loadJs;
    const storage = new FileStorage(file, key);
    try {
      return withBrowserStorage(storage, () => loadJs.call(this, module, filename));
    } catch (err) {
      if (!storage.served) throw err;
      // What the file held made GramJS fail (not a torn write: a disk fault). Without it, the module runs
      // again from the start, parses the schema as usual and stores its definitions again.
      storage.discard();
      module.exports = {};
      return withBrowserStorage(new FileStorage(file, key), () => loadJs.call(this, module, filename));
    }
  };
  Module._extensions[".js"] = loadWithSchemaCache;
}

/** What the cached definitions were made from; undefined when the schema files cannot be read. */
function schemaKey(tlDir) {
  try {
    const { version } = JSON.parse(fs.readFileSync(path.join(tlDir, "..", "package.json"), "utf8"));
    const stamp = (name) => {
      const stat = fs.statSync(path.join(tlDir, name));
      return `${stat.size}@${stat.mtimeMs}`;
    };
    return `gramjs ${version} api ${stamp("apiTl.js")} schema ${stamp("schemaTl.js")}`;
  } catch {
    return undefined;
  }
}

/**
 * GramJS decides at load whether it runs where a localStorage is
 * (`self.localStorage`), then calls the global `localStorage`: both exist
 * only while `load` runs.
 */
function withBrowserStorage(storage, load) {
  const had = { self: Object.getOwnPropertyDescriptor(globalThis, "self"), localStorage: Object.getOwnPropertyDescriptor(globalThis, "localStorage") };
  // Something else already put these here (a test environment): leave them alone and GramJS as it would be.
  if (had.self || had.localStorage) return load();
  globalThis.localStorage = storage;
  globalThis.self = { localStorage: storage };
  try {
    return load();
  } finally {
    delete globalThis.self;
    delete globalThis.localStorage;
  }
}

/**
 * The part of the Web Storage interface GramJS calls, for its one key.
 * File layout: a first line "<key> <length of the JSON>", then the JSON.
 */
class FileStorage {
  constructor(file, key) {
    this.file = file;
    this.key = key;
    /** True once getItem handed GramJS what the file held. */
    this.served = false;
  }

  getItem(name) {
    if (name !== GRAMJS_CACHE_KEY) return null;
    let text;
    try {
      text = fs.readFileSync(this.file, "utf8");
    } catch {
      return null;
    }
    const newline = text.indexOf("\n");
    const header = `${this.key} ${text.length - newline - 1}`;
    // Another GramJS, other schema files, or not the whole of what was written: parse afresh.
    if (newline < 0 || text.slice(0, newline) !== header) return null;
    this.served = true;
    return text.slice(newline + 1);
  }

  setItem(name, value) {
    if (name !== GRAMJS_CACHE_KEY) return;
    try {
      writeAside(this.file, `${this.key} ${value.length}\n${value}`);
    } catch {
      // A read-only install or a full disk: the next start parses again, that is all.
    }
  }

  discard() {
    fs.rmSync(this.file, { force: true });
  }
}

module.exports = { enableSchemaCache };
