import { TelegramApiError, type Logger, type Photo, type ProgressCallback, type Telegram, type UserRef } from "contact-userbot/sdk";
import { bytesOf, contactPhotoInput, uploadNameOf, type AvatarIntent, type AvatarMedia, type UploadedMedia } from "./avatarMedia";
import { KeyedQueue } from "./keyedQueue";
import { REUPLOAD_ERRORS } from "./telegramErrors";
import { UnclearOutcomes } from "./unclearOutcome";

export interface AvatarChange {
  intent: AvatarIntent;
  user: UserRef;
  media?: AvatarMedia;
  /** Upload progress, in bytes. */
  onUpload?: ProgressCallback;
  /** Called once the upload is done and the method call starts. */
  onCall?: () => void;
  /** This change puts back an undo entry (undo/): it is not recorded as a change of its own. */
  undoes?: string;
  /** Cancels the change's Telegram calls (the rotation queue's stop; commands are cancelled through their scope). */
  signal?: AbortSignal;
}

/**
 * Runs inside the contact's queue around each change (the undo journal,
 * undo/). What `before` returns runs once the change has succeeded.
 */
export interface ChangeHook {
  before(change: AvatarChange): Promise<(() => Promise<void>) | undefined>;
}

export interface AvatarChangeResult {
  photo: Photo | undefined;
  uploadMs: number;
  callMs: number;
  reuploaded: boolean;
  /** "later": Telegram did not answer, but the change is seen on Telegram; "earlier": an earlier unclear suggestion of the same media arrived, nothing was sent. */
  confirmed?: "later" | "earlier";
}

/**
 * Uploads avatar media and calls photos.uploadContactProfilePhoto. Changes
 * for the same user run strictly one after another (commands and rotations
 * share this service, and so its queue).
 */
export class AvatarService {
  private readonly queue = new KeyedQueue();
  private readonly unclear: UnclearOutcomes;

  constructor(
    private readonly telegram: Telegram,
    private readonly log: Logger,
    private readonly hook?: ChangeHook,
  ) {
    this.unclear = new UnclearOutcomes(telegram, log);
  }

  apply(change: AvatarChange): Promise<AvatarChangeResult> {
    return this.queue.run(userIdOf(change.user).toString(), async () => {
      const afterwards = await this.hook?.before(change);
      const result = await this.applyNow(change);
      await afterwards?.();
      return result;
    });
  }

  private async applyNow(change: AvatarChange): Promise<AvatarChangeResult> {
    let reuploaded = false;
    if (await this.unclear.beforeSuggest(change)) return { photo: undefined, uploadMs: 0, callMs: 0, reuploaded, confirmed: "earlier" };
    for (let attempt = 1; ; attempt++) {
      const uploadStart = Date.now();
      const uploaded = await this.upload(change);
      const uploadMs = Date.now() - uploadStart;
      change.onCall?.();
      const before = await this.unclear.anchor(change);
      const callStart = Date.now();
      try {
        const photo = await this.call(change, uploaded);
        this.unclear.settled(change);
        return { photo, uploadMs, callMs: Date.now() - callStart, reuploaded };
      } catch (err) {
        // No answer: the change may have been made; what Telegram holds decides what the owner is told (unclearOutcome.ts).
        if (UnclearOutcomes.isUnclear(err)) {
          await this.unclear.afterUnclear(change, err as Error, before);
          return { photo: undefined, uploadMs, callMs: Date.now() - callStart, reuploaded, confirmed: "later" };
        }
        // Telegram lost or rejected parts of the upload: one fresh upload, then give up.
        if (attempt === 1 && uploaded && err instanceof TelegramApiError && REUPLOAD_ERRORS.test(err.errorMessage)) {
          this.log.warn(`upload rejected (${err.errorMessage}); uploading again`);
          reuploaded = true;
          continue;
        }
        throw err;
      }
    }
  }

  private async call(change: AvatarChange, uploaded: UploadedMedia): Promise<Photo | undefined> {
    const photos = this.telegram.contactPhotos;
    const opts = { signal: change.signal };
    if (change.intent === "reset") {
      await photos.reset(change.user, opts);
      return undefined;
    }
    if (!change.media) throw new Error(`AvatarService: "${change.intent}" needs media`);
    const input = contactPhotoInput(change.media, uploaded);
    return change.intent === "set" ? photos.set(change.user, input, opts) : photos.suggest(change.user, input, opts);
  }

  private async upload(change: AvatarChange): Promise<UploadedMedia> {
    const media = change.media;
    if (!media || change.intent === "reset") return undefined;
    const bytes = bytesOf(media);
    const name = uploadNameOf(media);
    if (!bytes || !name || (media.kind !== "photo" && media.kind !== "video")) return undefined;
    const file = await this.telegram.media.upload(bytes, name, { progress: change.onUpload, signal: change.signal });
    return { kind: media.kind, file };
  }
}

function userIdOf(user: UserRef): bigint {
  return typeof user === "bigint" ? user : user.id;
}
