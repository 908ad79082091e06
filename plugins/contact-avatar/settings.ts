import { z } from "zod";
import { setting } from "../../src/plugins/definePlugin";

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
  maxInputMB: setting({ schema: z.number().positive().max(200), default: 20, description: "Largest input file accepted, in MB" }),
  urlTimeoutSeconds: setting({ schema: z.number().positive().max(120), default: 15, description: "Time limit for fetching an image link" }),
  urlMaxMB: setting({ schema: z.number().positive().max(100), default: 10, description: "Largest image accepted from a link, in MB" }),
};

export type AvatarConfig = { [K in keyof typeof avatarSettings]: z.infer<(typeof avatarSettings)[K]["schema"]> };
