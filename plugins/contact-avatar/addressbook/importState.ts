/**
 * What earlier imports did, per contact, in the plugin's store: which card's
 * photo (by hash) became which personal photo (Telegram's photo id). A second
 * run compares against it to change only what changed in the address book,
 * and to notice a personal photo the owner set by hand since.
 */
import type { KeyValueStore } from "contact-userbot/sdk";

export interface ImportRecord {
  cardKey: string;
  /** photoHash() of the card's photo as it was read. */
  photoHash: string;
  /** The personal photo Telegram made from it; undefined when its answer carried none. */
  photoId?: string;
  at: string;
}

const PREFIX = "addressbook:contact:";

export class ImportRecords {
  constructor(private readonly store: KeyValueStore) {}

  get(contactId: string): ImportRecord | undefined {
    return this.store.get<ImportRecord>(PREFIX + contactId);
  }

  save(contactId: string, record: ImportRecord): Promise<void> {
    return this.store.set(PREFIX + contactId, record);
  }
}
