import { z } from "zod";
import { setting } from "contact-userbot/sdk";
import { parseColourList } from "./colours";
import { parseRegion } from "./contacts/phone";
import { declaredRotationsSchema } from "./rotation/declared";
import { timezoneSchema } from "./rotation/schedule";

/** contact-avatar's settings (config: pluginConfig["contact-avatar"]; `.config contact-avatar <key> <value>`). */
export const avatarSettings = {
  size: setting({ schema: z.number().int().min(640).max(1280), default: 800, description: "Photo size in px (640 to 1280)" }),
  quality: setting({ schema: z.number().int().min(50).max(100), default: 87, description: "JPEG quality (Telegram Desktop uses 87)" }),
  crop: setting({ schema: z.enum(["center", "smart", "fit"]), default: "center", description: "Default crop: center, smart or fit" }),
  background: setting({
    schema: z.string().min(1),
    default: "#ffffff",
    description: "Background for fit and for transparency (#rrggbb or a colour name)",
  }),
  maxInputMB: setting({
    schema: z.number().positive().max(200),
    default: 50,
    description: "Largest input file accepted, in MB (a 200 MP phone photo is up to about 50 MB)",
  }),
  urlTimeoutSeconds: setting({ schema: z.number().positive().max(120), default: 15, description: "Time limit for fetching an image link" }),
  urlMaxMB: setting({ schema: z.number().positive().max(100), default: 10, description: "Largest image accepted from a link, in MB" }),
  // Video, sticker and emoji avatars (see media/).
  videoSize: setting({
    schema: z
      .number()
      .int()
      .min(160)
      .max(1280)
      .refine((n) => n % 2 === 0, "must be even (H.264 needs it)"),
    default: 800,
    description: "Animated avatar size in px (160 to 1280, even; Telegram recommends 800)",
  }),
  videoMaxInputMB: setting({ schema: z.number().positive().max(500), default: 50, description: "Largest video accepted for an animated avatar, in MB" }),
  markupBackground: setting({
    schema: z.string().refine(isColourList, "must be 1 to 4 colours separated by commas, e.g. #6ec6ff,#2481cc"),
    default: "#6ec6ff,#2481cc",
    description: "Background of sticker and emoji avatars: 1 colour (solid), 2 (gradient), 3 or 4 (freeform)",
  }),
  phoneRegion: setting({
    schema: z.string().refine((text) => text === "" || parseRegion(text) !== undefined, "must be a two-letter country code such as US, GB or DE, or empty"),
    default: "",
    description: "Country of phone numbers written without +, in targets and address book cards (e.g. GB); empty: your own number's country",
  }),
  // .pfpundo (see undo/): what each contact's personal photo was before the plugin changed it, under the plugin's data folder.
  undoDepth: setting({ schema: z.number().int().min(0).max(50), default: 5, description: "Undo: changes remembered per contact for .pfpundo (0: none)" }),
  undoMaxMB: setting({ schema: z.number().positive().max(1000), default: 50, description: "Undo: disk space for saved photos, in MB (the oldest go first)" }),
  // Rotations (see rotation/): one queue of changes for the account, spaced so Telegram's rate limit is never hit in bursts.
  rotationSpacingSeconds: setting({
    schema: z.number().min(0).max(3600),
    default: 10,
    description: "Rotations: least time between two avatar changes, in seconds",
  }),
  rotationCatchUp: setting({
    schema: z.enum(["none", "one"]),
    default: "one",
    description: "Rotations: after downtime, make one missed change (one) or wait for the next time (none)",
  }),
  rotationFailuresBeforePause: setting({
    schema: z.number().int().min(1).max(100),
    default: 3,
    description: "Rotations: failed runs in a row before a rotation pauses",
  }),
  rotationTimezone: setting({
    schema: timezoneSchema.optional(),
    default: undefined,
    description: 'Rotations: time zone of schedules that name none (IANA, e.g. Europe/Berlin); default: the host\'s "timezone"',
  }),
  // Address book imports (see addressbook/). The CardDAV URL and login live in .env only.
  importMaxMB: setting({ schema: z.number().positive().max(500), default: 40, description: "Address book: largest vCard file accepted, in MB" }),
  cardDavTimeoutSeconds: setting({
    schema: z.number().positive().max(300),
    default: 30,
    description: "Address book: time limit for each CardDAV request, in seconds",
  }),
  cardDavSync: setting({
    schema: z.string(),
    default: "",
    description: 'Address book: sync the CardDAV address book on this schedule (e.g. "daily 09:00"; empty: never, unless set with .pfpimport --every)',
  }),
  rotations: setting({
    schema: declaredRotationsSchema,
    default: [],
    description:
      'Rotations declared here (target: a contact as commands take it: "Bob", "@alice", "+1 202 555 0143"): [{"target":"@alice","schedule":"daily 09:00","folder":"/path","order":"shuffle","timezone":"Europe/Berlin"}]',
  }),
};

export type AvatarConfig = { [K in keyof typeof avatarSettings]: z.infer<(typeof avatarSettings)[K]["schema"]> };

function isColourList(text: string): boolean {
  try {
    parseColourList(text, { max: 4 });
    return true;
  } catch {
    return false;
  }
}
