/**
 * `npm run bench [-- name...]`: runs each benchmark in its own process (so
 * peak-memory figures are not polluted by the others) and prints their
 * markdown sections in order. Results also land in bench/out/results.md.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const BENCHES = [
  "dc",
  "host",
  "startup",
  "image-pipeline",
  "big-photo",
  "setpfp",
  "network",
  "video-pipeline",
  "rotation",
  "addressbook",
  "shutdown",
  "hostileFolder",
];

function main(): number {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHES.includes(name));
  if (unknown.length) {
    process.stderr.write(`Unknown benchmark ${unknown.join(", ")}; known: ${BENCHES.join(", ")}\n`);
    return 2;
  }
  const selected = wanted.length ? wanted : BENCHES;
  const tsx = path.resolve("node_modules/.bin/tsx");
  const sections: string[] = [`# Benchmarks (${new Date().toISOString()}, Node ${process.versions.node})`];
  let failed = 0;
  for (const name of selected) {
    const file = path.join("bench", `${name}.ts`);
    if (!fs.existsSync(file)) continue;
    process.stderr.write(`running ${name}…\n`);
    const started = Date.now();
    const run = spawnSync(tsx, [file], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 16 * 1024 * 1024 });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (run.status !== 0) {
      failed++;
      sections.push(`## ${name}\n\nFAILED (exit ${run.status ?? run.signal}) after ${seconds} s`);
      continue;
    }
    sections.push(run.stdout.trim() + `\n\n(${name}: ${seconds} s wall time)`);
  }
  const report = sections.join("\n\n") + "\n";
  process.stdout.write(report);
  fs.mkdirSync("bench/out", { recursive: true });
  fs.writeFileSync("bench/out/results.md", report);
  return failed ? 1 : 0;
}

process.exitCode = main();
