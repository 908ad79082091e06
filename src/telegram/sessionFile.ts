import fs from "node:fs";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";

/** Where `npm run login` keeps the session when no SESSION variable is set. */
export function sessionFilePath(dataDir: string): string {
  return path.join(dataDir, "session");
}

export function readSessionFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8").trim() || undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
}

/** The session is a full login: only the owner may read it (0600, in a 0700 folder). */
export async function writeSessionFile(file: string, session: string): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, session + "\n", { mode: 0o600 });
}
