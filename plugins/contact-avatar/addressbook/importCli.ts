/** The CLI's `import <file.vcf> [--out <folder>]` (see offlineImport.ts). */
import { stat } from "node:fs/promises";
import { UsageError, UserError } from "contact-userbot/sdk";
import { DEFAULT_PREPARE_OPTIONS } from "../image";
import { formatOfflineReport, importOffline } from "./offlineImport";

/** The same limits as image links in the plugin's defaults (settings.ts: urlMaxMB, urlTimeoutSeconds). */
const URL_LIMITS = { maxBytes: 10 * 1024 * 1024, timeoutMs: 15_000 };

export async function importCommand(positional: string[], options: Record<string, string | true>): Promise<string> {
  const unknown = Object.keys(options).filter((key) => key !== "out");
  if (unknown.length > 0) throw new UsageError(`Unknown option --${unknown[0]}: import takes --out=<folder>`);
  // "--out folder" (shell style) as well as "--out=folder".
  let outDir = typeof options.out === "string" ? options.out : undefined;
  const files = [...positional];
  if (options.out === true) {
    if (files.length < 2) throw new UsageError("--out needs a folder");
    outDir = files.splice(1, 1)[0];
  }
  if (files.length !== 1) throw new UsageError("import needs one .vcf file");
  const file = files[0];
  await checkReadable(file);
  const report = await importOffline(file, { outDir, photo: { prepare: DEFAULT_PREPARE_OPTIONS, url: URL_LIMITS } });
  return formatOfflineReport(file, report, outDir);
}

async function checkReadable(file: string): Promise<void> {
  try {
    const stats = await stat(file);
    if (stats.isDirectory()) throw new UserError(`Cannot read "${file}": it is a folder`);
    if (stats.size === 0) throw new UserError(`"${file}" is empty: not a vCard file`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`Cannot read "${file}": no such file or folder`);
    if (code === "EACCES" || code === "EPERM") throw new UserError(`Cannot read "${file}": permission denied`);
    throw err;
  }
}
