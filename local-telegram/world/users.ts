/** The people of the world, as Telegram stores them once (not per viewer). */
import { randomLong } from "./tl";

export interface UserRecord {
  readonly id: bigint;
  readonly accessHash: bigint;
  firstName: string;
  lastName?: string;
  username?: string;
  /** Digits only, as Telegram stores it ("14155550101"). */
  phone?: string;
  /** Privacy: contacts.resolvePhone does not find them by number. */
  hidesPhone?: boolean;
  bot?: boolean;
  deleted?: boolean;
  /** The photo the user set for themselves (everyone sees it). */
  profilePhotoId?: bigint;
  /** Every photo they set for themselves, newest first (photos.getUserPhotos); the first is profilePhotoId. */
  ownPhotoIds?: bigint[];
  /** The public photo shown to those who cannot see the main one. */
  fallbackPhotoId?: bigint;
}

export type NewUser = Omit<UserRecord, "id" | "accessHash"> & { id?: bigint; accessHash?: bigint };

/** Usernames are case-insensitive in Telegram and kept without the "@". */
export function normaliseUsername(name: string): string {
  return name.replace(/^@/, "").toLowerCase();
}

export function normalisePhone(phone: string): string {
  return phone.replace(/[^0-9]/g, "");
}

export class UserDirectory {
  private readonly byId = new Map<bigint, UserRecord>();
  private nextId = 100_000_001n;

  add(spec: NewUser): UserRecord {
    const id = spec.id ?? this.nextId++;
    if (this.byId.has(id)) throw new Error(`user ${id} already exists`);
    if (spec.username && this.findByUsername(spec.username)) throw new Error(`username @${spec.username} is taken`);
    const user: UserRecord = { ...spec, id, accessHash: spec.accessHash ?? randomLong() };
    if (user.phone) user.phone = normalisePhone(user.phone);
    this.byId.set(id, user);
    return user;
  }

  get(id: bigint): UserRecord | undefined {
    return this.byId.get(id);
  }

  require(id: bigint): UserRecord {
    const user = this.byId.get(id);
    if (!user) throw new Error(`no user ${id} in the world`);
    return user;
  }

  findByUsername(name: string): UserRecord | undefined {
    const wanted = normaliseUsername(name);
    for (const user of this.byId.values()) if (user.username && normaliseUsername(user.username) === wanted) return user;
    return undefined;
  }

  findByPhone(phone: string): UserRecord | undefined {
    const wanted = normalisePhone(phone);
    for (const user of this.byId.values()) if (user.phone === wanted) return user;
    return undefined;
  }

  all(): UserRecord[] {
    return [...this.byId.values()];
  }
}
