import { Api } from "telegram";
import { TelegramApiError } from "../../../src/core/errors";
import type { Logger } from "../../../src/log/logger";
import type { ProgressCallback, Telegram } from "../../../src/telegram/types";
import { buildRequest, bytesOf, uploadNameOf, type AvatarIntent, type AvatarMedia, type UploadedMedia } from "./avatarMedia";
import { KeyedQueue } from "./keyedQueue";
import { REUPLOAD_ERRORS } from "./telegramErrors";

export interface AvatarChange {
  intent: AvatarIntent;
  user: Api.InputUser;
  media?: AvatarMedia;
  /** Upload progress, in bytes. */
  onUpload?: ProgressCallback;
  /** Called once the upload is done and the method call starts. */
  onCall?: () => void;
}

export interface AvatarChangeResult {
  photo: Api.TypePhoto | undefined;
  uploadMs: number;
  callMs: number;
  reuploaded: boolean;
}

/**
 * Uploads avatar media and calls photos.uploadContactProfilePhoto. Changes
 * for the same user run strictly one after another (commands and rotations
 * share this service, and so its queue).
 */
export class AvatarService {
  private readonly queue = new KeyedQueue();

  constructor(
    private readonly telegram: Telegram,
    private readonly log: Logger,
  ) {}

  apply(change: AvatarChange): Promise<AvatarChangeResult> {
    return this.queue.run(change.user.userId.toString(), () => this.applyNow(change));
  }

  private async applyNow(change: AvatarChange): Promise<AvatarChangeResult> {
    let reuploaded = false;
    for (let attempt = 1; ; attempt++) {
      const uploadStart = Date.now();
      const uploaded = await this.upload(change);
      const uploadMs = Date.now() - uploadStart;
      change.onCall?.();
      const callStart = Date.now();
      try {
        const request = buildRequest(change.intent, change.user, change.media, uploaded);
        const result = await this.telegram.invoke(request);
        return { photo: result.photo, uploadMs, callMs: Date.now() - callStart, reuploaded };
      } catch (err) {
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

  private async upload(change: AvatarChange): Promise<UploadedMedia> {
    const media = change.media;
    if (!media || change.intent === "reset") return undefined;
    const bytes = bytesOf(media);
    const name = uploadNameOf(media);
    if (!bytes || !name || (media.kind !== "photo" && media.kind !== "video")) return undefined;
    const file = await this.telegram.uploadFile({ name, bytes, progress: change.onUpload });
    return { kind: media.kind, file };
  }
}
