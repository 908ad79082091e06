/**
 * The import's few needs of Telegram, in one file so that the move to the
 * owned Telegram interface (issue 9) touches only this one: the contact list
 * (contacts.getContacts carries phones and this session's access hashes) and
 * setting a prepared JPEG through AvatarService.
 */
import { Api } from "telegram";
import { returnBigInt } from "telegram/Helpers";
import type { Telegram } from "../../../src/telegram/types";
import type { AvatarService } from "../service/avatarService";
import type { JobItem } from "./importJob";
import type { ImportContact } from "./plan";

export async function listContacts(telegram: Telegram): Promise<ImportContact[]> {
  const result = await telegram.invoke(new Api.contacts.GetContacts({ hash: returnBigInt(0) }));
  if (!(result instanceof Api.contacts.Contacts)) return [];
  return result.users.flatMap((user): ImportContact[] => {
    if (!(user instanceof Api.User) || user.self || user.bot || user.deleted || !user.accessHash) return [];
    const photo = user.photo instanceof Api.UserProfilePhoto ? user.photo : undefined;
    return [
      {
        id: user.id.toString(),
        accessHash: user.accessHash.toString(),
        firstName: user.firstName ?? "",
        lastName: user.lastName ?? "",
        phone: user.phone ?? undefined,
        personalPhotoId: photo?.personal ? photo.photoId.toString() : undefined,
        hasOwnPhoto: photo !== undefined && !photo.personal,
      },
    ];
  });
}

export async function setImportedPhoto(service: AvatarService, item: JobItem, jpeg: Buffer): Promise<string | undefined> {
  const user = new Api.InputUser({ userId: returnBigInt(item.contactId), accessHash: returnBigInt(item.accessHash) });
  const result = await service.apply({ intent: "set", user, media: { kind: "photo", jpeg, width: item.width, height: item.height } });
  return result.photo instanceof Api.Photo ? result.photo.id.toString() : undefined;
}

/** Shows a job's progress in its command message; a message that cannot be edited any more is not a failure. */
export async function editProgress(telegram: Telegram, chatId: string | undefined, messageId: number | undefined, text: string): Promise<void> {
  if (!chatId || !messageId) return;
  await telegram.editMessage(returnBigInt(chatId), { message: messageId, text }).catch(() => undefined);
}
