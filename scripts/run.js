#!/usr/bin/env node
/**
 * Runs one of the project's entry points compiled, with plain node:
 *
 *   node scripts/run.js src/main.ts [args...]      (npm start, npm run login)
 *   node scripts/run.js plugins/contact-avatar/cli.ts prepare ...   (npm run avatar)
 *   node scripts/run.js --build                     (build only if stale: jest's global set-up)
 *
 * `npm install` builds dist/ (the `prepare` script); if a host source file
 * changed since (a `git pull` without `npm install`), this builds again first,
 * so `npm start` never runs stale code. Plugins are not part of that check
 * (except for an entry point inside a plugin, the avatar CLI):
 * dist/src/plugins/tsPlugins.js loads each plugin file from its compiled copy
 * or, when the source is newer, transpiles it (which is also how `.reload`
 * sees edited code).
 *
 * Plain JavaScript because it has to run before anything is compiled.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const STAMP = path.join(ROOT, "dist", ".built");
/** What the compiled host is made of: a newer file here means dist/ is stale. */
const HOST_SOURCES = ["src", "local-telegram", "tsconfig.json", "tsconfig.build.json"];

/** Newest modification time (ms) of the files under `entry`, or 0. */
function newest(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const name of fs.readdirSync(entry)) latest = Math.max(latest, newest(path.join(entry, name)));
  return latest;
}

function builtAt() {
  try {
    return Number(fs.readFileSync(STAMP, "utf8")) || 0;
  } catch {
    return 0;
  }
}

/** Builds with tsc when dist/ is missing or older than a host source; returns false when the build failed. */
function ensureBuilt(sources) {
  const stale = sources.some((entry) => newest(path.join(ROOT, entry)) > builtAt());
  if (!stale) return true;
  process.stderr.write("Building dist/ (the sources changed since the last build)…\n");
  const started = Date.now();
  // Required here, not at the top: a start that needs no build does not pay for loading it.
  const { spawnSync } = require("node:child_process");
  const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (tsc.status !== 0) {
    process.stderr.write("The build failed (see above). Fix the errors, or run the sources with `npm run dev`.\n");
    return false;
  }
  // The start time, not the end: a file saved during the build makes the next start build again.
  fs.writeFileSync(STAMP, String(started));
  return true;
}

const [entry] = process.argv.slice(2);
if (!entry) {
  process.stderr.write("Usage: node scripts/run.js <src/main.ts | plugins/…/cli.ts | --build> [args...]\n");
  process.exitCode = 2;
} else if (!ensureBuilt(entry === "--build" || entry.startsWith("plugins/") ? [...HOST_SOURCES, "plugins"] : HOST_SOURCES)) {
  process.exitCode = 2;
} else if (entry !== "--build") {
  // Modules compiled by the last run are not compiled again (see compileCache.js).
  require("./compileCache").enableCompileCache(path.join(ROOT, "dist", ".compile-cache"), entry.replace(/\.ts$/, "").replace(/[^\w-]+/g, "-"));
  // GramJS's API schema is parsed once, not at every start (see schemaCache.js).
  require("./schemaCache").enableSchemaCache(path.join(ROOT, "dist", ".compile-cache"), ROOT);
  // Run the compiled entry as the main module (require.main, argv as if `node dist/<entry>.js` ran).
  process.argv.splice(1, 2, path.join(ROOT, "dist", entry.replace(/\.ts$/, ".js")));
  require("node:module").runMain();
}
