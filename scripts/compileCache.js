/**
 * V8's code cache for the compiled entry points (scripts/run.js): a start
 * compiles about 450 modules (GramJS alone is most of them), and parsing and
 * compiling them is a good part of the time to "ready". With the cache, a
 * start after the first one reuses the machine code of the last.
 *
 * Node ≥ 22.1 has this built in (module.enableCompileCache). Node 20 does
 * not, so there the same is done by hand, as v8-compile-cache did: each
 * CommonJS module is compiled with vm.Script and its cached data, one cache
 * file per entry point, written when the process exits and only if something
 * new was compiled. A module's entry is used only when its source is
 * byte-for-byte the one it was made from (SHA-1 of the text); V8 itself
 * refuses data from another V8 version or other flags.
 *
 * The cache lives in dist/.compile-cache: `rm -rf dist` clears it with the
 * build. Failing to read or write it only costs the speed-up.
 */
"use strict";
const { Buffer } = require("node:buffer");
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");
const { writeAside } = require("./writeAside");

/** Turns the cache on for this process; `name` tells the entry points' cache files apart. */
function enableCompileCache(dir, name) {
  if (typeof Module.enableCompileCache === "function") {
    Module.enableCompileCache(dir);
    return;
  }
  // Node's own switch for its built-in cache turns this one off too.
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  // Node maps stack traces through source maps only for what it compiles itself.
  if (process.sourceMapsEnabled) return;
  const file = path.join(dir, `${name}-${process.version}-${process.arch}.bin`);
  const cache = new HandCache(file);
  cache.install();
  process.once("exit", () => cache.save());
}

/** Entries are [file, sha1 of its source, offset, length] in a JSON index, followed by the data. */
class HandCache {
  constructor(file) {
    this.file = file;
    /** file → { hash, data }: what the cache file held. */
    this.stored = readCacheFile(file);
    /** file → { hash, data } or { hash, script }: what this run compiled, last compile of a file winning (.reload). */
    this.used = new Map();
    this.dirty = false;
  }

  install() {
    const cached = (module, content, filename) => this.compile(module, content, filename);
    const compile = Module.prototype._compile;
    Module.prototype._compile = function (content, filename) {
      // A dynamic import() needs the loader Node gives the scripts it compiles (vm's stand-in for it is
      // experimental on Node 20 and warns): such a module is left to Node, uncached. The compiled host has none.
      if (content.includes("import(")) return compile.apply(this, arguments);
      return cached(this, content, filename);
    };
  }

  /** What Module.prototype._compile does for a CommonJS module, with cached data. */
  compile(module, content, filename) {
    const hash = crypto.createHash("sha1").update(content).digest("base64");
    const stored = this.stored.get(filename);
    const cachedData = stored && stored.hash === hash ? stored.data : undefined;
    // A hashbang is valid only at the very start of a script, which the wrapper no longer is.
    const source = content.startsWith("#!") ? `//${content.slice(2)}` : content;
    const script = new vm.Script(Module.wrap(source), { filename, cachedData });
    if (cachedData && !script.cachedDataRejected) {
      this.used.set(filename, { hash, data: cachedData });
    } else {
      this.used.set(filename, { hash, script });
      this.dirty = true;
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    const dirname = path.dirname(filename);
    return wrapper.call(module.exports, module.exports, requireFor(module), module, filename, dirname);
  }

  /** At exit: the data of what this run compiled afresh (made now, so it holds the functions that ran), with the rest kept. */
  save() {
    if (!this.dirty) return;
    try {
      const entries = new Map();
      // Entries of files this run did not load stay (a command not used this time), unless the file is gone.
      for (const [file, entry] of this.stored) if (!this.used.has(file) && fs.existsSync(file)) entries.set(file, entry);
      for (const [file, entry] of this.used) entries.set(file, { hash: entry.hash, data: entry.data || entry.script.createCachedData() });
      writeCacheFile(this.file, entries);
    } catch {
      // A read-only install or a full disk: the next start compiles again, that is all.
    }
  }
}

/** The `require` a module sees, as Node makes it (lib/internal/modules/helpers.js makeRequireFunction). */
function requireFor(module) {
  const require = (id) => module.require(id);
  function resolve(request, options) {
    return Module._resolveFilename(request, module, false, options);
  }
  resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

function readCacheFile(file) {
  const stored = new Map();
  try {
    const bytes = fs.readFileSync(file);
    const indexLength = bytes.readUInt32LE(0);
    const index = JSON.parse(bytes.toString("utf8", 4, 4 + indexLength));
    const base = 4 + indexLength;
    for (const [name, hash, offset, length] of index) stored.set(name, { hash, data: bytes.subarray(base + offset, base + offset + length) });
  } catch {
    // No cache yet, or a damaged one: start empty.
  }
  return stored;
}

function writeCacheFile(file, entries) {
  const index = [];
  const chunks = [];
  let offset = 0;
  for (const [name, { hash, data }] of entries) {
    index.push([name, hash, offset, data.length]);
    chunks.push(data);
    offset += data.length;
  }
  const indexBytes = Buffer.from(JSON.stringify(index));
  const header = Buffer.alloc(4);
  header.writeUInt32LE(indexBytes.length, 0);
  // Two processes exiting at once never leave a torn file.
  writeAside(file, Buffer.concat([header, indexBytes, ...chunks]));
}

module.exports = { enableCompileCache };
