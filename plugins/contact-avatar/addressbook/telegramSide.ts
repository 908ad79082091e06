/**
 * The import's few needs of Telegram, in one file: the contact list (with
 * phones, and the photo the owner sees for each) and setting a prepared JPEG
 * through AvatarService.
 */
import { peerOfChatId, type Telegram } from "contact-userbot/sdk";
import type { AvatarService } from "../service/avatarService";
import type { JobItem } from "./importJob";
import type { ImportContact } from "./plan";

export async function listContacts(telegram: Telegram): Promise<ImportContact[]> {
  const users = await telegram.contacts.list();
  return users.flatMap((user): ImportContact[] => {
    if (user.self || user.bot || user.deleted || !user.reachable) return [];
    return [
      {
        id: user.id.toString(),
        firstName: user.firstName,
        lastName: user.lastName,
        phone: user.phone,
        personalPhotoId: user.photo?.personal ? user.photo.id.toString() : undefined,
        hasOwnPhoto: user.photo !== undefined && !user.photo.personal,
      },
    ];
  });
}

export async function setImportedPhoto(service: AvatarService, item: JobItem, jpeg: Buffer): Promise<string | undefined> {
  const result = await service.apply({ intent: "set", user: BigInt(item.contactId), media: { kind: "photo", jpeg, width: item.width, height: item.height } });
  return result.photo?.id.toString();
}

/** Shows a job's progress in its command message; a message that cannot be edited any more is not a failure. */
export async function editProgress(telegram: Telegram, chatId: string | undefined, messageId: number | undefined, text: string): Promise<void> {
  if (!chatId || !messageId) return;
  await telegram.messages.edit(peerOfChatId(BigInt(chatId)), messageId, text).catch(() => undefined);
}
