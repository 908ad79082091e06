/**
 * Files from the user's disk become media in the world, as Telegram would
 * store them: a photo gets Telegram's size ladder (made by the world from the
 * image), a file becomes a document whose attributes say what it is, so the
 * userbot sees an image file, a video or a plain file exactly as it would on
 * Telegram.
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { Api } from "telegram";
import type { MediaRef, World } from "../world";
import { Mp4ParseError, readMp4Facts } from "../world/mp4";
import { SandboxCommandError } from "./errors";

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".tgs": "application/x-tgsticker",
  ".txt": "text/plain",
  ".pdf": "application/pdf",
};

export function readInputFile(filePath: string): Buffer {
  try {
    return fs.readFileSync(filePath);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (err as Error).message;
    throw new SandboxCommandError(`Cannot read ${filePath}: ${why}.`);
  }
}

/** An image file as a photo message (Telegram re-encodes photos, so any image sharp reads will do). */
export async function photoFromFile(world: World, filePath: string): Promise<MediaRef> {
  const bytes = readInputFile(filePath);
  try {
    await sharp(bytes).metadata();
  } catch {
    throw new SandboxCommandError(`${filePath} is not an image (send it with /file instead).`);
  }
  const photo = await world.addPhoto(bytes, "message");
  return { kind: "photo", photoId: photo.id };
}

/** Any file as a document, with the attributes a Telegram client would add. */
export async function documentFromFile(world: World, filePath: string): Promise<MediaRef> {
  const bytes = readInputFile(filePath);
  const mimeType = MIME_BY_EXTENSION[path.extname(filePath).toLowerCase()] ?? "application/octet-stream";
  const attributes: Api.TypeDocumentAttribute[] = [new Api.DocumentAttributeFilename({ fileName: path.basename(filePath) })];
  if (mimeType.startsWith("image/")) {
    const size = await imageSize(bytes);
    if (size) attributes.push(new Api.DocumentAttributeImageSize(size));
    if (mimeType === "image/gif") attributes.push(new Api.DocumentAttributeAnimated());
  } else if (mimeType === "video/mp4") {
    attributes.push(videoAttribute(bytes, filePath));
  }
  const document = world.media.addDocument({ mimeType, bytes, attributes });
  return { kind: "document", documentId: document.id };
}

async function imageSize(bytes: Buffer): Promise<{ w: number; h: number } | undefined> {
  try {
    const meta = await sharp(bytes).metadata();
    return meta.width && meta.height ? { w: meta.width, h: meta.height } : undefined;
  } catch {
    return undefined; // a file named .jpg that is not one stays a plain file, as on Telegram
  }
}

function videoAttribute(bytes: Buffer, filePath: string): Api.DocumentAttributeVideo {
  try {
    const facts = readMp4Facts(bytes);
    return new Api.DocumentAttributeVideo({ supportsStreaming: true, duration: facts.durationSeconds, w: facts.width, h: facts.height });
  } catch (err) {
    if (err instanceof Mp4ParseError) throw new SandboxCommandError(`${filePath} is not a readable MP4 (${err.message}).`);
    throw err;
  }
}
