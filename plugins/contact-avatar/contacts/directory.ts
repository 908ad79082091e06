/**
 * The owner's contact list (contacts.getContacts), held in memory. A fresh
 * session knows no access hashes; this list carries them, with the names the
 * owner saved, which is how people refer to their contacts. Refreshed when it
 * is older than `maxAgeMs`, or once when a lookup misses (a contact added
 * since; one call, cheap next to a failed command), but never more often
 * than `minRefreshMs` (default: no limit).
 */
import type { Telegram, User } from "contact-userbot/sdk";
import { fromTelegramPhone } from "./phone";
import type { ContactCard } from "./match";

export interface DirectoryEntry extends ContactCard {
  user: User;
}

export interface DirectoryOptions {
  maxAgeMs?: number;
  minRefreshMs?: number;
  now?: () => number;
}

export class ContactDirectory {
  private entries: DirectoryEntry[] | undefined;
  private fetchedAt = 0;
  private readonly maxAgeMs: number;
  private readonly minRefreshMs: number;
  private readonly now: () => number;

  constructor(
    private readonly telegram: Telegram,
    opts: DirectoryOptions = {},
  ) {
    this.maxAgeMs = opts.maxAgeMs ?? 5 * 60_000;
    this.minRefreshMs = opts.minRefreshMs ?? 0;
    this.now = opts.now ?? Date.now;
  }

  /** The contacts, fetched again when the list is a few minutes old. */
  async list(): Promise<DirectoryEntry[]> {
    if (!this.entries || this.now() - this.fetchedAt > this.maxAgeMs) await this.refresh();
    return this.entries ?? [];
  }

  /**
   * Finds with `pick` in the list; on a miss, refreshes once (unless the list
   * is only seconds old) and tries again.
   */
  async find<T>(pick: (entries: DirectoryEntry[]) => T | undefined): Promise<T | undefined> {
    const found = pick(await this.list());
    if (found !== undefined || this.now() - this.fetchedAt < this.minRefreshMs) return found;
    await this.refresh();
    return pick(this.entries ?? []);
  }

  async refresh(): Promise<void> {
    this.entries = (await this.telegram.contacts.list()).map(toEntry);
    this.fetchedAt = this.now();
  }
}

export function toEntry(user: User): DirectoryEntry {
  return { id: user.id, firstName: user.firstName, lastName: user.lastName, username: user.username, phone: fromTelegramPhone(user.phone), user };
}
