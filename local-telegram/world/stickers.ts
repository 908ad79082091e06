/** Sticker sets (and custom emoji sets) that stickers and avatar markup refer to. */
import { randomLong, randomPositiveLong } from "./tl";

export interface StickerSetRecord {
  readonly id: bigint;
  readonly accessHash: bigint;
  readonly title: string;
  readonly shortName: string;
  /** A custom emoji set rather than a sticker set. */
  readonly emojis: boolean;
  readonly documentIds: bigint[];
}

export class StickerSets {
  private readonly byId = new Map<bigint, StickerSetRecord>();

  add(spec: { title: string; shortName: string; emojis?: boolean }): StickerSetRecord {
    const set: StickerSetRecord = { id: randomPositiveLong(), accessHash: randomLong(), emojis: false, documentIds: [], ...spec };
    this.byId.set(set.id, set);
    return set;
  }

  get(id: bigint): StickerSetRecord | undefined {
    return this.byId.get(id);
  }

  findByShortName(name: string): StickerSetRecord | undefined {
    for (const set of this.byId.values()) if (set.shortName.toLowerCase() === name.toLowerCase()) return set;
    return undefined;
  }
}
