/**
 * The fault suite (issue 10): every Telegram call the contact-avatar flows
 * make, under each fault of matrix.ts, through `.setpfp`, `.suggestpfp`,
 * `.resetpfp` and a rotation change; what the owner is told must agree with
 * what the server holds. One server and one host for the whole matrix.
 *
 * FAULT_MATRIX_FILE=docs/fault-matrix.md (npm run faults) writes the table.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { startSeededHost, type SeededHost } from "../../local-telegram/runningHost";
import { ManualClock } from "../../src/telegram/manualClock";
import { CAP_SECONDS, FAULTS, FLOWS, matrixMarkdown, REQUEST_TIMEOUT_SECONDS, runner, WRITES, type CaseResult, type Runner } from "./matrix";

describe("contact-avatar flows under injected faults", () => {
  let host: SeededHost;
  let folder: string;
  let run: Runner;
  const results: CaseResult[] = [];
  const started = Date.now();

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "fault-matrix-"));
    for (const [name, colour] of [
      ["1.jpg", "#3366cc"],
      ["2.jpg", "#cc6633"],
    ] as const) {
      await sharp({ create: { width: 320, height: 320, channels: 3, background: colour } })
        .jpeg()
        .toFile(path.join(folder, name));
    }
    const clock = new ManualClock(Date.now());
    host = await startSeededHost({
      plugins: ["contact-avatar"],
      clock,
      telegram: { floodSleepThreshold: CAP_SECONDS, floodWaitRetries: 3, requestTimeoutSeconds: REQUEST_TIMEOUT_SECONDS, transferTimeoutSeconds: 300 },
      local: () => ({ pluginConfig: { "contact-avatar": { rotationSpacingSeconds: 0, rotationFailuresBeforePause: 100 } } }),
    });
    run = runner(host, clock);
    const sent = host.world.ownerSends({ userId: host.world.ids.alice }, { text: `.rotation add @alice hourly --folder=${folder}` });
    await host.running.handled(sent.id, 20000);
  }, 60000);

  afterAll(async () => {
    const file = process.env.FAULT_MATRIX_FILE;
    if (file && results.length) fs.writeFileSync(file, matrixMarkdown(results, (Date.now() - started) / 1000));
    await host?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  for (const flow of FLOWS) {
    it(`${flow.name}: what the owner is told agrees with what the server holds, for every call and fault`, async () => {
      // Twice: the first run of a flow makes one-time calls (help.getConfig) that later runs do not.
      await run.cleanCalls(flow);
      const calls = await run.cleanCalls(flow);
      // Every call of the flow, by method and its place among that method's calls (a progress edit and the
      // answer's edit are both messages.editMessage; .setpfp downloads the replied photo and then, for the undo
      // journal, the photo it replaces).
      const seen = new Map<string, number>();
      const everyCall = calls.map((method) => {
        const nth = (seen.get(method) ?? 0) + 1;
        seen.set(method, nth);
        return [method, nth] as const;
      });
      const mine: CaseResult[] = [];
      for (const [method, nth] of everyCall) {
        for (const fault of FAULTS.filter((f) => !f.writesOnly || WRITES.has(method))) mine.push(await run.run(flow, method, nth, fault));
      }
      results.push(...mine);
      if (process.env.FAULT_MATRIX_TIMES) console.log(mine.map((r) => `${r.method} ${r.fault} ${r.ms}`).join("\n"));
      expect(mine.filter((r) => r.reached).length).toBeGreaterThan(0);
      expect(mine.filter((r) => r.reached && !r.agree).map((r) => `${r.method} × ${r.fault}: told ${r.told} (${r.text}), ${r.changes} change(s)`)).toEqual([]);
      // A long flood wait is never reported as "did not answer in time" (GramJS does not sleep through it).
      for (const r of mine.filter((c) => c.reached && c.fault === "flood-long" && c.told === "failure" && !c.waitShown)) {
        expect([r.method, r.text]).toEqual([r.method, "Telegram asks to wait 1 h before doing this again."]);
      }
      // Telegram's 500 once is retried: never shown as an unexpected failure with a ref.
      for (const r of mine.filter((c) => c.reached && c.fault === "500")) expect([r.method, r.told]).toEqual([r.method, "success"]);
    }, 240000);
  }
});
