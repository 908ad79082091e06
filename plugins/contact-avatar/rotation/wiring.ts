/**
 * Plugs rotations into contact-avatar: the `.rotation` command, the minute
 * job that ticks the manager, and its start and stop. Kept here so that the
 * plugin's index.ts only gains a few lines.
 */
import type { CommandDefinition, JobDefinition, PluginContext } from "contact-userbot/sdk";
import { rotationCommand } from "../commands/rotation";
import { prepareImage } from "../image";
import type { AvatarService } from "../service/avatarService";
import type { AvatarConfig } from "../settings";
import { RotationManager } from "./rotationManager";

/** The host job's name (tests call scheduler.runNow("contact-avatar", ROTATION_TICK_JOB)). */
export const ROTATION_TICK_JOB = "rotation-tick";

export interface RotationWiring {
  command: CommandDefinition<AvatarConfig>;
  jobs(ctx: PluginContext<AvatarConfig>): JobDefinition[];
  setup(ctx: PluginContext<AvatarConfig>, service: AvatarService): Promise<void>;
  teardown(): Promise<void>;
  /** The running manager (tests and the bench reach it through here). */
  manager(): RotationManager;
}

export function rotationWiring(): RotationWiring {
  let manager: RotationManager | undefined;
  const current = (): RotationManager => {
    if (!manager) throw new Error("rotations used before setup");
    return manager;
  };
  return {
    command: rotationCommand(current),
    manager: current,
    // Every minute: due times are minute-precise, and a tick is a scan of numbers (see rotationManager.ts).
    jobs: () => [{ name: ROTATION_TICK_JOB, cron: "* * * * *", run: () => void current().tick() }],
    async setup(ctx, service) {
      const config = ctx.config;
      manager = new RotationManager({
        telegram: ctx.telegram,
        service,
        store: ctx.store,
        dataDir: ctx.dataDir,
        log: ctx.log.child("rotation"),
        notifyOwner: (text) => ctx.notifyOwner(text),
        settings: {
          spacingMs: config.rotationSpacingSeconds * 1000,
          catchUp: config.rotationCatchUp,
          failuresBeforePause: config.rotationFailuresBeforePause,
          timezone: config.rotationTimezone ?? ctx.timezone,
          maxInputBytes: config.maxInputMB * 1024 * 1024,
        },
        prepare: (bytes) =>
          prepareImage(bytes, {
            size: config.size,
            quality: config.quality,
            crop: config.crop,
            background: config.background,
            maxInputBytes: config.maxInputMB * 1024 * 1024,
          }),
      });
      await manager.start(config.rotations);
    },
    async teardown() {
      await manager?.stop();
      manager = undefined;
    },
  };
}
