/** `.pfpimport`: contact photos from the owner's address book (a vCard file or CardDAV); see addressbook/. */
import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { UsageError, UserError, type CommandContext, type CommandDefinition } from "contact-userbot/sdk";
import { checkKnownOptions, flag } from "../media/avatarOptions";
import type { AvatarConfig } from "../settings";
import type { AddressBookWiring } from "../addressbook/wiring";
import { cardDavAccountFromEnv, CARDDAV_ENV } from "../addressbook/carddav";
import type { BookSource, ImportRequest } from "../addressbook/importer";

const MB = 1024 * 1024;
const OPTIONS = ["apply", "only-missing", "force", "carddav", "every"];

export function pfpImportCommand(wiring: () => AddressBookWiring): CommandDefinition<AvatarConfig> {
  return {
    name: "pfpimport",
    description: "Gives contacts the photos from your address book (a vCard file or CardDAV); a dry run unless --apply",
    usage: "[path.vcf] [--apply] [--only-missing[=any]] [--force] [--carddav] [--every=<schedule>|off]",
    help: [
      "Reply to a .vcf file (vCard 2.1, 3.0 or 4.0, as Google, iCloud, Android, Outlook or Nextcloud export it), give a path on this machine, or use the CardDAV address book set in .env (CARDDAV_URL, CARDDAV_USERNAME, CARDDAV_PASSWORD).",
      "Cards are matched to your Telegram contacts by phone number first, then by full name where it is unique on both sides; anything less certain is listed, never applied.",
      "Without --apply nothing changes: you get the summary and what would change.",
      "--only-missing  skip contacts who already have a personal photo (=any: also those with a photo of their own)",
      "--force  also replace personal photos you set by hand since the last import",
      '--every=<schedule>  sync the CardDAV address book on a schedule (e.g. "daily 09:00"; off to stop); a notice comes to Saved Messages when something changed or failed',
      "A second run changes only what changed in the address book. .pfpundo puts back what an import replaced.",
    ].join("\n"),
    examples: [
      "pfpimport (replying to contacts.vcf)",
      "pfpimport ~/contacts.vcf --apply",
      "pfpimport --carddav --apply --only-missing",
      'pfpimport --every="daily 09:00"',
    ],
    async handler(ctx) {
      checkKnownOptions(ctx.args.options, OPTIONS);
      const every = ctx.args.options.every;
      if (every !== undefined) return ctx.answer(await wiring().setSchedule(every === true ? "" : every));
      const request = requestOf(ctx);
      const source = await sourceOf(ctx, request.cleanup);
      try {
        await ctx.progress("Reading the address book…");
        const outcome = await wiring()
          .importer()
          .run({
            ...request.flags,
            source,
            chatId: ctx.chatId.toString(),
            messageId: ctx.message.id,
            signal: ctx.signal,
            progress: (text: string) => ctx.progress(text),
          });
        await ctx.answer(outcome.text);
      } finally {
        await Promise.all(request.cleanup.map((f) => f()));
      }
    },
  };

  function requestOf(ctx: CommandContext<AvatarConfig>): { flags: Omit<ImportRequest, "source">; cleanup: (() => Promise<void>)[] } {
    const onlyMissing = ctx.args.options["only-missing"];
    if (onlyMissing !== undefined && onlyMissing !== true && onlyMissing !== "any") {
      throw new UsageError(`--only-missing takes no value or =any, not "${onlyMissing}"`);
    }
    return {
      flags: {
        apply: flag(ctx.args.options, "apply"),
        force: flag(ctx.args.options, "force"),
        onlyMissing: onlyMissing === "any" ? "any" : onlyMissing ? "personal" : undefined,
      },
      cleanup: [],
    };
  }

  async function sourceOf(ctx: CommandContext<AvatarConfig>, cleanup: (() => Promise<void>)[]): Promise<BookSource> {
    const [word, extra] = ctx.args.positional;
    if (extra !== undefined) throw new UsageError("Give one address book: a path, a replied .vcf file, or --carddav");
    const carddav = flag(ctx.args.options, "carddav");
    if (word !== undefined) return { kind: "file", path: word.startsWith("~") ? path.join(homedir(), word.slice(1)) : path.resolve(word) };
    const replied = carddav ? undefined : await ctx.replied();
    if (replied?.media) {
      const dir = path.join(wiring().dataDir(), "addressbook-import");
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `incoming-${randomUUID()}.vcf`);
      cleanup.push(() => rm(file, { force: true }));
      await ctx.progress("Downloading the address book…");
      await ctx.telegram.media.downloadToFile(replied, file, { maxBytes: ctx.config.importMaxMB * MB }).catch((err: unknown) => {
        if (err instanceof UserError) throw new UserError(`${err.message} for address books (setting importMaxMB); nothing was changed`);
        throw err;
      });
      return { kind: "file", path: file };
    }
    const account = cardDavAccountFromEnv();
    if (account) return { kind: "carddav", account, timeoutMs: ctx.config.cardDavTimeoutSeconds * 1000 };
    throw new UsageError(`Reply to a .vcf file, give its path, or set ${CARDDAV_ENV.url} in .env for a CardDAV address book`);
  }
}
