// Process tests run the userbot compiled, as `npm start` does: build dist/ once, before any worker starts.
const { spawnSync } = require("node:child_process");
const path = require("node:path");

module.exports = () => {
  const run = spawnSync(process.execPath, [path.join(__dirname, "../scripts/run.js"), "--build"], { stdio: "inherit" });
  if (run.status !== 0) throw new Error("the build failed: the process tests need dist/");
};
