/**
 * TypeScript plugins when the host runs compiled (plain `node dist/...`).
 *
 * Why: the build (`npm run build`, run by `npm install`) compiles the host
 * and the repository's plugins into dist/, but plugins are meant to be edited
 * while the userbot runs (`.reload`) and dropped in as .ts files. So a plugin
 * file is always loaded under its source path, with the code taken from its
 * compiled copy in dist/ when that is at least as new as the source, and
 * otherwise transpiled from the source (TypeScript's own emitter, the same
 * options as the build) and written to dist/ for the next start. An import of
 * a host file (src/, local-telegram/) resolves to its compiled copy, so the
 * host and every plugin share one instance of each host module (one
 * `UserError` class for `instanceof`).
 *
 * Not installed under tsx (`npm run dev`) or jest: they bring their own
 * TypeScript loaders.
 */
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";

/** The repository root: this file is dist/src/plugins/tsPlugins.js when compiled. */
const ROOT = path.resolve(__dirname, "../../..");
const DIST = path.join(ROOT, "dist");
/** Host code: always taken from dist/, never transpiled on the fly. */
const HOST_DIRS = ["src", "local-telegram"].map((dir) => path.join(ROOT, dir) + path.sep);

interface ModuleInternals {
  _compile(code: string, filename: string): void;
}
type Extensions = Record<string, (module: ModuleInternals, filename: string) => void>;
type ResolveFilename = (request: string, parent: unknown, isMain: boolean, options?: unknown) => string;
const internals = Module as unknown as { _extensions: Extensions; _resolveFilename: ResolveFilename };

let installed = false;

/** True when this code runs from dist/ (compiled), false under tsx or jest. */
export function runningCompiled(): boolean {
  return __filename.endsWith(".js") && __filename.startsWith(DIST + path.sep);
}

/** Registers the .ts loader once; a no-op unless running compiled. */
export function installTsPlugins(): void {
  if (installed || !runningCompiled() || internals._extensions[".ts"]) return;
  installed = true;
  internals._extensions[".ts"] = (module, filename) => module._compile(compiledCode(filename), filename);
  const resolve = internals._resolveFilename;
  internals._resolveFilename = function (request, parent, isMain, options) {
    const resolved = resolve.call(this, request, parent, isMain, options);
    return hostCopy(resolved) ?? resolved;
  };
}

/** dist/<path>.js for a host source file that has a compiled copy. */
function hostCopy(file: string): string | undefined {
  if (!file.endsWith(".ts") || !HOST_DIRS.some((dir) => file.startsWith(dir))) return undefined;
  const compiled = distPath(file);
  return compiled && fs.existsSync(compiled) ? compiled : undefined;
}

function distPath(source: string): string | undefined {
  const relative = path.relative(ROOT, source);
  if (relative.startsWith("..") || path.isAbsolute(relative)) return undefined;
  return path.join(DIST, relative.replace(/\.ts$/, ".js"));
}

/** The plugin file's JavaScript: the compiled copy if fresh, else a fresh transpile (cached in dist/ when inside the repository). */
function compiledCode(source: string): string {
  const compiled = distPath(source);
  const sourceTime = fs.statSync(source).mtimeMs;
  if (compiled) {
    try {
      if (fs.statSync(compiled).mtimeMs >= sourceTime) return fs.readFileSync(compiled, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  const code = transpile(source);
  if (compiled) {
    try {
      fs.mkdirSync(path.dirname(compiled), { recursive: true });
      writeFileAtomic.sync(compiled, code);
    } catch {
      // A read-only checkout still runs; it only transpiles again at the next start.
    }
  }
  return code;
}

type TypeScript = typeof import("typescript");
let compilerOptions: import("typescript").CompilerOptions | undefined;

function transpile(source: string): string {
  // Loaded only when a plugin changed since the build: it costs more than the rest of the start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  const ts = require("typescript") as TypeScript;
  compilerOptions ??= buildOptions(ts);
  const output = ts.transpileModule(fs.readFileSync(source, "utf8"), { compilerOptions, fileName: source });
  return output.outputText;
}

/** The build's own options (tsconfig.build.json), so a transpiled file equals what `npm run build` emits. */
function buildOptions(ts: TypeScript): import("typescript").CompilerOptions {
  const configFile = path.join(ROOT, "tsconfig.build.json");
  const read = ts.readConfigFile(configFile, (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, configFile);
  return { ...parsed.options, sourceMap: false, inlineSourceMap: false, declaration: false, incremental: false };
}
