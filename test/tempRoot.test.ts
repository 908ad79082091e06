/**
 * Every test file, in any worker, writes its temp files inside the run's own
 * temp root (test/globalSetup.js), which globalTeardown removes.
 */
import os from "node:os";
import path from "node:path";

it("should give this worker the run's own temp root as its temp folder", () => {
  const root = process.env.USERBOT_TEST_TMP_ROOT;
  expect(root).toMatch(new RegExp(`^${path.join(path.dirname(root ?? "/"), "userbot-tests-")}`));
  expect(os.tmpdir()).toBe(root);
});
