/**
 * `.pfpundo`'s two halves. As a ChangeHook of AvatarService, it saves what a
 * contact's personal photo was before every set or reset the plugin makes
 * (commands, rotations, imports alike: they all go through the service).
 * And `undo` puts the newest saved state back and pops it: the change it
 * makes is marked `undoes`, so it records nothing, and a second undo goes one
 * step further back instead of redoing the first.
 *
 * Suggestions leave the personal photo alone, so they are not recorded.
 */
import { UserError, type Logger, type Telegram, type UserRef } from "contact-userbot/sdk";
import type { AvatarChange, AvatarService, ChangeHook } from "../service/avatarService";
import { KeyedQueue } from "../service/keyedQueue";
import type { PhotoSnapshot, UndoEntry, UndoJournal } from "./journal";

/** A personal photo is one of Telegram's profile photo sizes (at most 1280 px): far below this. */
const MAX_SNAPSHOT_BYTES = 10 * 1024 * 1024;

export type UndoOutcome =
  | { kind: "nothing" }
  /** The saved photo was set again. */
  | { kind: "restored"; entry: UndoEntry; left: number }
  /** There was no personal photo before: it was removed. */
  | { kind: "removed"; entry: UndoEntry; left: number };

export class PhotoUndo {
  /** One undo at a time per contact: two at once must not both put back the same entry. */
  private readonly undos = new KeyedQueue();

  readonly hook: ChangeHook = { before: (change) => this.before(change) };

  constructor(
    private readonly telegram: Telegram,
    private readonly journal: UndoJournal,
    private readonly log: Logger,
  ) {}

  /** How many changes of this contact can be undone. */
  depth(user: UserRef): number {
    return this.journal.count(idOf(user));
  }

  /** Puts back what the contact's personal photo was before the newest recorded change. */
  undo(service: AvatarService, user: UserRef): Promise<UndoOutcome> {
    const userId = idOf(user);
    return this.undos.run(userId.toString(), async () => {
      const entry = this.journal.latest(userId);
      if (!entry) return { kind: "nothing" };
      if (entry.before === "none") {
        await service.apply({ intent: "reset", user, undoes: entry.id });
        return { kind: "removed", entry, left: this.journal.count(userId) };
      }
      const jpeg = await this.journal.photo(entry);
      if (!jpeg) {
        await this.journal.remove(entry.id);
        throw new UserError("The saved photo of that change has gone from the data folder; it cannot be put back.");
      }
      await service.apply({ intent: "set", user, media: { kind: "photo", jpeg, width: entry.width ?? 0, height: entry.height ?? 0 }, undoes: entry.id });
      return { kind: "restored", entry, left: this.journal.count(userId) };
    });
  }

  private async before(change: AvatarChange): Promise<(() => Promise<void>) | undefined> {
    if (change.intent === "suggest") return undefined;
    const userId = idOf(change.user);
    if (change.undoes !== undefined) {
      const entryId = change.undoes;
      // Another change came in between (a rotation, say): what the entry holds is no longer "the state before the last change".
      if (this.journal.latest(userId)?.id !== entryId) throw new UserError("The photo changed again meanwhile; send .pfpundo once more.");
      return () => this.journal.remove(entryId);
    }
    // Undo switched off: no users.getFullUser and no download before each change, and what was kept goes.
    if (!this.journal.enabled) return () => this.journal.clear(userId);
    const snapshot = await this.snapshot(change.user).catch((err: unknown) => {
      this.log.warn(`undo: could not save the personal photo of user ${userId} before changing it`, { err });
      return undefined;
    });
    return async () => {
      try {
        // Without the state just before, an older one would skip a step: better no undo than a wrong one.
        if (snapshot) await this.journal.push(userId, snapshot);
        else await this.journal.clear(userId);
      } catch (err) {
        // The change itself is done; the answer should say so, whatever the disk did.
        this.log.error(`undo: could not write the undo journal for user ${userId}`, { err });
      }
    };
  }

  private async snapshot(user: UserRef): Promise<PhotoSnapshot> {
    const full = await this.telegram.users.full(user);
    const personal = full.personalPhoto;
    if (!personal) return { kind: "none" };
    // An animated personal photo comes back as its still (the largest photo size): the interface downloads no video sizes.
    const jpeg = await this.telegram.media.download(personal, { maxBytes: MAX_SNAPSHOT_BYTES });
    return { kind: "photo", jpeg, width: personal.width, height: personal.height };
  }
}

function idOf(user: UserRef): bigint {
  return typeof user === "bigint" ? user : user.id;
}
