/**
 * Rotations declared in the plugin's config, for people who keep their setup
 * in files. The schema checks each entry as `.rotation add` would (schedule,
 * zone, order), so a bad entry is refused when the config is loaded, with a
 * message naming it; the folder is checked at each run, as for any rotation.
 */
import { z } from "zod";
import { ROTATION_ORDERS } from "./order";
import { checkTimezone, parseSchedule } from "./schedule";

export const declaredRotationSchema = z
  .object({
    /** A @username: a numeric id cannot be looked up after a restart without a chat. */
    /** As chat commands take it: "Bob", "Bob Smith", "@alice", "+1 202 555 0143", a user id. */
    target: z.string().trim().min(1, { message: 'expected a contact, e.g. "Bob", "@alice" or "+1 202 555 0143"' }),
    schedule: z.string().min(1),
    timezone: z.string().optional(),
    folder: z.string().min(1),
    order: z.enum(ROTATION_ORDERS).default("sequential"),
  })
  .strict()
  .superRefine((entry, ctx) => {
    try {
      if (entry.timezone !== undefined) checkTimezone(entry.timezone);
      parseSchedule(entry.schedule, entry.timezone ?? "UTC");
    } catch (err) {
      ctx.addIssue({ code: "custom", message: (err as Error).message });
    }
  });

export const declaredRotationsSchema = z.array(declaredRotationSchema).superRefine((entries, ctx) => {
  const seen = new Set<string>();
  for (const entry of entries) {
    const key = entry.target.toLowerCase();
    if (seen.has(key)) ctx.addIssue({ code: "custom", message: `${entry.target} has two rotations; keep one` });
    seen.add(key);
  }
});

export type DeclaredRotation = z.infer<typeof declaredRotationSchema>;
