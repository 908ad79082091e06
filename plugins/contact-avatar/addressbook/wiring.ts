/**
 * Plugs address-book imports into contact-avatar: `.pfpimport`, the minute
 * job of the scheduled CardDAV sync, and resuming an import a restart
 * interrupted. The account's change queue is the rotations' one, so imports
 * and rotations never change avatars side by side.
 */
import { UsageError, UserError, type CommandDefinition, type JobDefinition, type PluginContext } from "contact-userbot/sdk";
import { pfpImportCommand } from "../commands/pfpImport";
import type { ChangeQueue } from "../rotation/changeQueue";
import { parseSchedule } from "../rotation/schedule";
import type { AvatarService } from "../service/avatarService";
import { explainTelegramError } from "../service/telegramErrors";
import type { AvatarConfig } from "../settings";
import { ownRegion } from "../targets";
import { cardDavAccountFromEnv, CARDDAV_ENV } from "./carddav";
import { pendingJob } from "./importJob";
import { Importer } from "./importer";
import { phoneNormaliser } from "./phones";
import { editProgress, listContacts, setImportedPhoto } from "./telegramSide";

export const ADDRESSBOOK_SYNC_JOB = "addressbook-sync";
const MB = 1024 * 1024;
const SYNC_KEY = "addressbook:sync";

interface SyncState {
  /** Set with .pfpimport --every; overrides the config's cardDavSync. */
  text?: string;
  nextDueAt?: string;
}

export interface AddressBookWiring {
  command: CommandDefinition<AvatarConfig>;
  jobs(ctx: PluginContext<AvatarConfig>): JobDefinition[];
  setup(ctx: PluginContext<AvatarConfig>, service: AvatarService, queue: () => ChangeQueue): Promise<void>;
  teardown(): Promise<void>;
  importer(): Importer;
  dataDir(): string;
  setSchedule(text: string, now?: Date): Promise<string>;
  /** One sync now, as the schedule runs it (tests call this rather than wait for the clock). */
  sync(now?: Date): Promise<void>;
  /** The resumed job's run, if setup started one (tests wait on it). */
  resumed(): Promise<string | undefined> | undefined;
}

export function addressBookWiring(): AddressBookWiring {
  let ctx: PluginContext<AvatarConfig> | undefined;
  let importer: Importer | undefined;
  let resumed: Promise<string | undefined> | undefined;
  let syncing = false;
  const current = () => {
    if (!ctx || !importer) throw new Error("address book used before setup");
    return { ctx, importer };
  };

  const wiring: AddressBookWiring = {
    command: pfpImportCommand(() => wiring),
    importer: () => current().importer,
    dataDir: () => current().ctx.dataDir,
    resumed: () => resumed,
    jobs: () => [{ name: ADDRESSBOOK_SYNC_JOB, cron: "* * * * *", run: () => wiring.sync() }],
    async setup(context, service, queue) {
      ctx = context;
      const config = () => context.config;
      importer = new Importer({
        store: context.store,
        dataDir: context.dataDir,
        log: context.log.child("addressbook"),
        queue,
        // Local-format numbers on cards are read in the owner's region, as targets are.
        normalise: () => phoneNormaliser(ownRegion(context.telegram)),
        photoLimits: () => ({
          prepare: {
            size: config().size,
            quality: config().quality,
            crop: config().crop,
            background: config().background,
            maxInputBytes: config().maxInputMB * MB,
          },
          url: { maxBytes: config().urlMaxMB * MB, timeoutMs: config().urlTimeoutSeconds * 1000 },
        }),
        maxFileBytes: () => config().importMaxMB * MB,
        listContacts: () => listContacts(context.telegram),
        setPhoto: (item, jpeg) => setImportedPhoto(service, item, jpeg),
        explain: (err, name) => {
          const explained = explainTelegramError(err, name);
          return explained instanceof Error ? explained.message : String(explained);
        },
        progress: (job, text) => editProgress(context.telegram, job.chatId, job.messageId, text),
      });
      const job = pendingJob(context.store);
      if (job) {
        context.log.info(`Resuming the address book import stopped at ${job.done}/${job.items.length}`);
        resumed = importer.resume(job).then(
          async (text) => {
            await editProgress(context.telegram, job.chatId, job.messageId, text);
            return text;
          },
          (err: unknown) => {
            if ((err as Error).name !== "QueueStoppedError") context.log.error("The resumed address book import failed", { err });
            return undefined;
          },
        );
      }
    },
    async teardown() {
      ctx = undefined;
      importer = undefined;
    },
    async setSchedule(text, now = new Date()) {
      const { ctx } = current();
      const words = text.trim();
      if (words === "" || words.toLowerCase() === "off") {
        await ctx.store.set(SYNC_KEY, { text: "off" } satisfies SyncState);
        return "The scheduled CardDAV sync is off.";
      }
      if (!cardDavAccountFromEnv()) throw new UsageError(`A scheduled sync needs a CardDAV address book: set ${CARDDAV_ENV.url} in .env`);
      const schedule = parseSchedule(words, ctx.timezone, now);
      const next = schedule.nextAfter(now);
      await ctx.store.set(SYNC_KEY, { text: schedule.text, nextDueAt: next?.toISOString() } satisfies SyncState);
      return `The CardDAV address book will sync ${schedule.text} (${schedule.timezone}); next: ${next?.toISOString().replace("T", " ").slice(0, 16) ?? "never"} UTC. A notice comes to Saved Messages when something changes or fails.`;
    },
    async sync(now = new Date()) {
      if (!ctx || !importer || syncing) return;
      const { store, config, log } = ctx;
      const state = store.get<SyncState>(SYNC_KEY) ?? {};
      const text = state.text ?? config.cardDavSync;
      if (!text || text === "off") return;
      const schedule = parseSchedule(text, ctx.timezone, now);
      if (state.nextDueAt && new Date(state.nextDueAt) > now) return;
      // The first sight of a schedule only sets the first due time.
      const firstSight = !state.nextDueAt;
      await store.set(SYNC_KEY, { ...state, nextDueAt: schedule.nextAfter(now)?.toISOString() });
      if (firstSight) return;
      syncing = true;
      try {
        const account = cardDavAccountFromEnv();
        if (!account) throw new UserError(`${CARDDAV_ENV.url} is not set in .env`);
        const outcome = await importer.run({ source: { kind: "carddav", account, timeoutMs: config.cardDavTimeoutSeconds * 1000 }, apply: true });
        const failed = /\nFailed \(/.test(outcome.text);
        if (outcome.plan.changes.length > 0 || failed) await ctx.notifyOwner(`📇 Address book sync\n${outcome.text}`);
      } catch (err) {
        const message = err instanceof UserError ? err.message : "an unexpected error (see the log)";
        if (!(err instanceof UserError)) log.error("Address book sync failed", { err });
        await ctx.notifyOwner(`📇 Address book sync failed: ${message}`).catch(() => undefined);
      } finally {
        syncing = false;
      }
    },
  };
  return wiring;
}
