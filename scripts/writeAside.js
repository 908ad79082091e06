/**
 * Writes a file through a temporary one renamed over it, for the start-up
 * caches (compileCache.js, schemaCache.js): a reader never sees half a file,
 * and two processes writing at once never leave a torn one. No fsync: losing
 * a cache to a power cut only costs the next start its speed-up.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function writeAside(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

module.exports = { writeAside };
