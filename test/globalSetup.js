// Process tests run the userbot compiled, as `npm start` does: build dist/ once, before any worker starts.
// Then the run gets a temp root of its own: os.tmpdir() in every worker (and in the userbot processes the
// tests start) points inside it, so no test meets another run's files (or anyone else's in /tmp), and
// globalTeardown removes it, naming whatever a test left behind.
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports = () => {
  const run = spawnSync(process.execPath, [path.join(__dirname, "../scripts/run.js"), "--build"], { stdio: "inherit" });
  if (run.status !== 0) throw new Error("the build failed: the process tests need dist/");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "userbot-tests-"));
  // Read by os.tmpdir() on every call; workers are started after this and inherit it.
  process.env.TMPDIR = root;
  process.env.USERBOT_TEST_TMP_ROOT = root;
};
