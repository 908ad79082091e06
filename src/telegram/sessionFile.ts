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

/**
 * What is wrong with a session string, in a few words, or undefined when
 * it has the shape of one. GramJS's own check catches only a wrong first
 * character; a string cut short would load, and then the server would not
 * know its key. Shape (GramJS's StringSession): "1" + base64 of
 * dc id (1 byte) | address length (2) | address | port (2) | auth key.
 */
export function sessionStringProblem(session: string): string | undefined {
  const unusable = "is not a usable session string";
  if (!/^1[A-Za-z0-9+/]+={0,2}$/.test(session)) return unusable;
  const bytes = Buffer.from(session.slice(1), "base64");
  // Telethon's form: a 4-byte IPv4 address in place of length and text.
  const telethon = session.length - 1 === 352;
  if (bytes.length < 3) return unusable;
  const addressLength = bytes.readInt16BE(1);
  if (addressLength < 0) return unusable;
  // GramJS reads a "length" over 100 as the start of a raw 16-byte IPv6 address.
  const header = telethon ? 1 + 4 : addressLength > 100 ? 1 + 16 : 1 + 2 + addressLength;
  const keyLength = bytes.length - header - 2;
  if (keyLength <= 0) return unusable;
  // GramJS drops leading zero bytes of a new key: one key in 256 has 255 bytes, one in 65536 has 254.
  if (keyLength < MIN_KEY_BYTES || keyLength > KEY_BYTES) return `is cut short or damaged (its key has ${keyLength} of ${KEY_BYTES} bytes)`;
  return undefined;
}

const KEY_BYTES = 256;
const MIN_KEY_BYTES = 254;
