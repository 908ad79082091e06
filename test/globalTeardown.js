// Removes the run's temp root (see globalSetup.js). Tests remove what they make; what is still there is named,
// so that a test that leaves files behind is found (media fixtures cached for the run are expected).
const fs = require("node:fs");

/** Made once per run on purpose: the media fixtures ffmpeg renders (local-telegram/world/fixtures.ts). */
const EXPECTED = new Set(["tg-test-dc-fixtures-v1"]);

module.exports = () => {
  const root = process.env.USERBOT_TEST_TMP_ROOT;
  if (!root) return;
  // tsx-<uid>: tsx's compile cache, made by the tests that start a process through tsx (bench, sandbox, dev).
  const left = fs.readdirSync(root).filter((name) => !EXPECTED.has(name) && !/^tsx-\d+$/.test(name));
  if (left.length) process.stderr.write(`\nTests left ${left.length} item(s) in their temp root: ${left.join(", ")}\n`);
  fs.rmSync(root, { recursive: true, force: true });
};
