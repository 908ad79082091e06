/**
 * Start-up figures, compiled (what `npm start` and `npm run avatar` run) beside
 * the sources through tsx (`npm run dev`, the way everything ran before the
 * build), in the same run:
 *
 * - process start → "ready" against the local server (also without GramJS's
 *   schema cache, and without any cache, as the first start after an install);
 * - `npm run avatar -- prepare` of a 1280 px photo beside a bare script that
 *   only resizes the same photo with sharp, each started through `npm run`.
 *
 * Targets (issue 14): ready under 300 ms; the CLI within 1.5× of the bare script.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { TestDc } from "../local-telegram/server";
import { World } from "../local-telegram/world";
import { TEST_API_HASH, TEST_API_ID } from "../local-telegram/runningHost";
import { runUserbot, type Runner } from "../local-telegram/userbotProcess";

const RUNS = Math.max(3, Number(process.env.BENCH_RUNS) || 7);
const ROOT = path.resolve(__dirname, "..");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x: number) => x.toFixed(0);

/** GramJS's parsed schema, kept by scripts/schemaCache.js. */
const SCHEMA_CACHE = path.join(ROOT, "dist/.compile-cache/gramjs-schema.json");

/**
 * `cold`: without the start-up caches (scripts/compileCache.js, scripts/schemaCache.js), as the first start
 * after an install. `schemaGone`: with the code cache but GramJS's schema to parse (and store) again.
 */
async function readyTimes(
  dc: TestDc,
  root: string,
  runner: Runner,
  mode: "warm" | "cold" | "schemaGone" = "warm",
): Promise<{ wall: number; reported: number }> {
  if (mode === "schemaGone") fs.rmSync(SCHEMA_CACHE, { force: true });
  const cold = mode === "cold";
  const started = performance.now();
  const run = runUserbot(
    [],
    {
      API_ID: String(TEST_API_ID),
      API_HASH: TEST_API_HASH,
      TG_SESSION: dc.sessionString(),
      TELEGRAM_DC: `${dc.host}:${dc.port}/${dc.dcId}`,
      CONFIG_DIR: path.join(root, "config"),
      DATA_DIR: path.join(root, "data"),
      ...(cold ? { NODE_DISABLE_COMPILE_CACHE: "1" } : {}),
    },
    ROOT,
    runner,
  );
  const line = await run.waitForOutput(/ready: /, 30000);
  const wall = performance.now() - started;
  run.child.kill("SIGTERM");
  const code = await run.exited;
  if (code !== 0) throw new Error(`userbot (${runner}) exited ${code} on SIGTERM`);
  return { wall, reported: Number(/(\d+) ms after start/.exec(line)?.[1]) };
}

/** Wall time of `npm run <script> -- args` in `dir`; throws unless it exits 0. */
function npmRun(dir: string, script: string, args: string[]): number {
  const started = performance.now();
  const run = spawnSync("npm", ["run", "--silent", script, "--", ...args], { cwd: dir, encoding: "utf8" });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`npm run ${script} exited ${run.status}: ${run.stderr}`);
  return ms;
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-startup-"));
  const world = await World.seeded();
  const dc = await TestDc.start({ world, logLevel: "silent" });
  try {
    fs.mkdirSync(path.join(root, "config"));
    fs.copyFileSync(path.join(ROOT, "config/default.json"), path.join(root, "config/default.json"));
    // A photo-like 1280 px JPEG (noise compresses like a photo, unlike a flat colour).
    const photo = path.join(root, "photo.jpg");
    const noise = Buffer.alloc(1280 * 960 * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    await sharp(noise, { raw: { width: 1280, height: 960, channels: 3 } })
      .blur(2)
      .jpeg({ quality: 90 })
      .toFile(photo);
    // The bare script and the tsx baseline get `npm run` scripts of their own, outside package.json.
    const runner = path.join(root, "runner");
    fs.mkdirSync(runner);
    fs.writeFileSync(
      path.join(runner, "package.json"),
      JSON.stringify({
        private: true,
        scripts: {
          bare: `node ${JSON.stringify(path.join(ROOT, "bench/bare-resize.js"))}`,
          "avatar-tsx": `${JSON.stringify(path.join(ROOT, "node_modules/.bin/tsx"))} ${JSON.stringify(path.join(ROOT, "plugins/contact-avatar/cli.ts"))}`,
        },
      }),
    );

    const ready = {
      compiled: [] as number[],
      tsx: [] as number[],
      compiledReported: [] as number[],
      tsxReported: [] as number[],
      coldReported: [] as number[],
      schemaGoneReported: [] as number[],
    };
    const cli = { compiled: [] as number[], tsx: [] as number[], bare: [] as number[] };
    // Warm-up (disk cache), then alternate the variants so that load on the machine hits them alike.
    await readyTimes(dc, root, "compiled");
    await readyTimes(dc, root, "tsx");
    npmRun(runner, "bare", [photo, path.join(root, "bare.jpg")]);
    for (let i = 0; i < RUNS; i++) {
      const c = await readyTimes(dc, root, "compiled");
      ready.compiled.push(c.wall);
      ready.compiledReported.push(c.reported);
      ready.coldReported.push((await readyTimes(dc, root, "compiled", "cold")).reported);
      ready.schemaGoneReported.push((await readyTimes(dc, root, "compiled", "schemaGone")).reported);
      const t = await readyTimes(dc, root, "tsx");
      ready.tsx.push(t.wall);
      ready.tsxReported.push(t.reported);
      cli.bare.push(npmRun(runner, "bare", [photo, path.join(root, "bare.jpg")]));
      cli.compiled.push(npmRun(ROOT, "avatar", ["prepare", photo, path.join(root, "cli.jpg")]));
      cli.tsx.push(npmRun(runner, "avatar-tsx", ["prepare", photo, path.join(root, "tsx.jpg")]));
    }
    const ratio = (xs: number[]) => (median(xs) / median(cli.bare)).toFixed(2);
    const verdict = (ok: boolean) => (ok ? "met" : "NOT met");
    console.log(`## Start-up (compiled vs tsx, same run)

Machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end; ${RUNS} runs each, interleaved; medians.

| figure | compiled (npm start / npm run avatar) | tsx (npm run dev, before the build) | target |
|---|---:|---:|---|
| process start → "ready", as the process reports it (process.uptime) | ${f(median(ready.compiledReported))} ms | ${f(median(ready.tsxReported))} ms | < 300 ms: ${verdict(median(ready.compiledReported) < 300)} |
| the same without GramJS's schema cache (parsed and stored again, as before it existed) | ${f(median(ready.schemaGoneReported))} ms | | |
| the same without either cache (the first start after an install) | ${f(median(ready.coldReported))} ms | | |
| spawn → "ready" line read by the parent (wall) | ${f(median(ready.compiled))} ms | ${f(median(ready.tsx))} ms | |
| \`npm run avatar -- prepare\` 1280 px photo (wall, through npm run) | ${f(median(cli.compiled))} ms (${ratio(cli.compiled)}×) | ${f(median(cli.tsx))} ms (${ratio(cli.tsx)}×) | ≤ 1.5× bare: ${verdict(median(cli.compiled) / median(cli.bare) <= 1.5)} |
| bare sharp resize of the same photo (wall, through npm run) | ${f(median(cli.bare))} ms (1×) | | |
`);
  } finally {
    await dc.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
