import path from "node:path";
import { definePlugin } from "contact-userbot/sdk";
import { pfpUndoCommand } from "./commands/pfpUndo";
import { photoInfoCommand } from "./commands/photoInfo";
import { resetPhotoCommand } from "./commands/resetPhoto";
import { setPhotoCommand } from "./commands/setPhoto";
import { addressBookWiring } from "./addressbook/wiring";
import { rotationWiring } from "./rotation/wiring";
import { VideoSupport } from "./media/videoSupport";
import { removeStaleTempDirs } from "./video/tempDir";
import { AvatarService } from "./service/avatarService";
import { avatarSettings } from "./settings";
import { useRegionSetting } from "./targets";
import { UndoJournal } from "./undo/journal";
import { PhotoUndo } from "./undo/photoUndo";

const MB = 1024 * 1024;

/** A factory: every load (and every host) gets its own service and per-contact queue. */
export default () => {
  let service: AvatarService | undefined;
  let undo: PhotoUndo | undefined;
  const getService = (): AvatarService => {
    if (!service) throw new Error("contact-avatar used before setup");
    return service;
  };
  const getUndo = (): PhotoUndo => {
    if (!undo) throw new Error("contact-avatar used before setup");
    return undo;
  };
  const rotations = rotationWiring();
  const addressBook = addressBookWiring();
  const videoSupport = new VideoSupport();
  return definePlugin({
    name: "contact-avatar",
    description: "Set, suggest or reset a contact's profile photo from a replied photo, video, sticker or emoji",
    settings: avatarSettings,
    commands: [
      setPhotoCommand("set", getService),
      setPhotoCommand("suggest", getService),
      resetPhotoCommand(getService),
      pfpUndoCommand(getService, getUndo),
      photoInfoCommand(),
      rotations.command,
      addressBook.command,
    ],
    jobs: (ctx) => [...rotations.jobs(ctx), ...addressBook.jobs(ctx)],
    status: () => videoSupport.status(),
    async setup(ctx) {
      // A conversion killed mid-way (kill -9) leaves the contact's video in a scratch folder.
      const stale = await removeStaleTempDirs();
      if (stale.length) ctx.log.info(`removed ${stale.length} scratch folder(s) left by an earlier run`, { folders: stale });
      const journal = await UndoJournal.open(
        path.join(ctx.dataDir, "undo"),
        () => ({ depth: ctx.config.undoDepth, maxBytes: ctx.config.undoMaxMB * MB }),
        ctx.log.child("undo"),
      );
      useRegionSetting(ctx.telegram, () => ctx.config.phoneRegion);
      undo = new PhotoUndo(ctx.telegram, journal, ctx.log.child("undo"));
      service = new AvatarService(ctx.telegram, ctx.log.child("avatar"), undo.hook);
      await rotations.setup(ctx, service);
      await addressBook.setup(ctx, service, () => rotations.manager().queue);
    },
    async teardown() {
      await addressBook.teardown();
      await rotations.teardown();
      service = undefined;
      undo = undefined;
    },
  });
};
