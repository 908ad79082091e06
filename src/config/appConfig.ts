import { z } from "zod";

const pluginNames = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "expected a plugin folder name (a-z, 0-9, -)")).default([]);

const timezone = z.string().refine(isTimeZone, { message: 'expected an IANA time zone such as "Europe/Berlin" or "UTC"' });

/** The host's settings (config/default.json, overridden by config/local.json). */
export const appConfigSchema = z
  .object({
    /** Command prefixes; the longest match wins. */
    prefixes: z.array(z.string().min(1).max(8)).min(1).default(["."]),
    /** User ids allowed to run commands marked `sudo`. */
    sudoUsers: z
      .array(
        z.union([z.number().int().positive(), z.string().regex(/^\d+$/, "expected a user id (digits only)")], {
          error: "expected a user id (a positive whole number)",
        }),
      )
      .default([]),
    /** Plugin folder names under plugins/ to load, in order. */
    /**
     * Plugin folder names under plugins/ to load, in order. config/local.json's
     * list adds to config/default.json's instead of replacing it (see pluginList.ts).
     */
    plugins: pluginNames,
    /** Plugins not to load, though listed in `plugins` (a default one, typically). */
    disabledPlugins: pluginNames,
    /** Plugins whose raw `invoke` may call the methods that can take over or end the account (see telegramForPlugin.ts). */
    trustedPlugins: pluginNames,
    /** Per-plugin settings, validated by each plugin's own schema. */
    pluginConfig: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    /** Default time zone for scheduled jobs. */
    timezone: timezone.default("UTC"),
    /** Where notices for the owner go: "me" (Saved Messages) or a chat id. */
    logChat: z.union([z.literal("me"), z.number().int()], { error: 'expected "me" or a chat id (a whole number)' }).default("me"),
    /** Show the full error in the chat instead of a short line with a reference id. */
    showErrorDetails: z.boolean().default(false),
    shutdownTimeoutSeconds: z.number().positive().max(300).default(10),
    telegram: z
      .object({
        transport: z.enum(["full", "abridged", "obfuscated"]).default("full"),
        /** The flood-wait cap: waits up to this many seconds are waited out by the request pipeline; longer ones are reported. */
        floodSleepThreshold: z.number().int().min(0).max(3600).default(10),
        /** At most this many flood waits are waited out within one request before it is reported. */
        floodWaitRetries: z.number().int().min(0).max(10).default(3),
        connectionRetries: z.number().int().min(0).max(100).default(5),
        requestTimeoutSeconds: z.number().positive().max(600).default(30),
        transferTimeoutSeconds: z.number().positive().max(3600).default(300),
      })
      .strict()
      .default({
        transport: "full",
        floodSleepThreshold: 10,
        floodWaitRetries: 3,
        connectionRetries: 5,
        requestTimeoutSeconds: 30,
        transferTimeoutSeconds: 300,
      }),
  })
  .strict();

export type AppConfig = z.infer<typeof appConfigSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
