/**
 * Shared by the rotation tests and the bench: solid-colour images written
 * with sharp (the colour tells which file Telegram received), and a manager
 * built on the real store, avatar service and image pipeline.
 */
import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { createLogger, type Logger } from "../../../../src/log/logger";
import { JsonStore } from "../../../../src/storage/jsonStore";
import type { Telegram } from "../../../../src/telegram/types";
import { prepareImage } from "../../../../plugins/contact-avatar/image";
import { RotationManager, type RotationSettings } from "../../../../plugins/contact-avatar/rotation/rotationManager";
import { AvatarService } from "../../../../plugins/contact-avatar/service/avatarService";
import type { Sleep } from "../../../../plugins/contact-avatar/rotation/changeQueue";

export const COLOURS: Record<string, [number, number, number]> = {
  red: [220, 30, 30],
  green: [30, 200, 30],
  blue: [30, 30, 220],
  yellow: [230, 220, 30],
  magenta: [220, 30, 220],
  cyan: [30, 210, 220],
};

/** Writes `name` into `dir` as a solid image of `colour` (format from the extension). */
export async function writeImage(dir: string, name: string, colour: keyof typeof COLOURS): Promise<void> {
  const [r, g, b] = COLOURS[colour];
  const image = sharp({ create: { width: 700, height: 500, channels: 3, background: { r, g, b } } });
  const ext = path.extname(name).toLowerCase();
  const bytes = ext === ".png" ? await image.png().toBuffer() : ext === ".webp" ? await image.webp().toBuffer() : await image.jpeg().toBuffer();
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), bytes);
}

/** The colour name closest to the image's mean colour. */
export async function colourOf(jpeg: Buffer): Promise<string> {
  const { channels } = await sharp(jpeg).stats();
  const mean = channels.slice(0, 3).map((c) => c.mean);
  let best = "";
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const [name, rgb] of Object.entries(COLOURS)) {
    const distance = rgb.reduce((sum, v, i) => sum + (v - mean[i]) ** 2, 0);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}

export interface TestManager {
  manager: RotationManager;
  store: JsonStore;
  notices: string[];
}

export interface ManagerSetup {
  telegram: Telegram;
  dataDir: string;
  clock: () => Date;
  settings?: Partial<RotationSettings>;
  random?: () => number;
  sleep?: Sleep;
  notices?: string[];
  /** Default: a silent logger. */
  log?: Logger;
}

/** A manager on the real JsonStore in `dataDir` (reopened on each call: a restart). */
export async function openManager(setup: ManagerSetup): Promise<TestManager> {
  const log = setup.log ?? createLogger({ level: "silent" });
  const store = await JsonStore.open(path.join(setup.dataDir, "store.json"), { log });
  const notices = setup.notices ?? [];
  const manager = new RotationManager({
    telegram: setup.telegram,
    service: new AvatarService(setup.telegram, log),
    store,
    dataDir: setup.dataDir,
    log,
    notifyOwner: async (text) => {
      notices.push(text);
    },
    settings: { spacingMs: 0, catchUp: "one", failuresBeforePause: 3, timezone: "UTC", maxInputBytes: 20 * 1024 * 1024, ...setup.settings },
    prepare: (bytes) => prepareImage(bytes, { size: 640 }),
    clock: setup.clock,
    random: setup.random,
    sleep: setup.sleep,
  });
  return { manager, store, notices };
}

/** A small deterministic generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
