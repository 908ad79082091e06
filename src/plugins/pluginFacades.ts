/**
 * The host's logger and scheduler, as a plugin gets them: the same functions,
 * through closures only. The host's own objects hold the log sink and its
 * redactor, whose list of secrets (the session string, the API hash) a plugin
 * could otherwise read off them, and the scheduler serves every plugin and
 * the host's own session check.
 */
import type { Logger } from "../log/logger";
import type { Scheduler } from "../scheduler/types";

export function pluginLogger(log: Logger): Logger {
  return Object.freeze({
    debug: (msg, fields) => log.debug(msg, fields),
    info: (msg, fields) => log.info(msg, fields),
    warn: (msg, fields) => log.warn(msg, fields),
    error: (msg, fields) => log.error(msg, fields),
    child: (scope) => pluginLogger(log.child(scope)),
    get level() {
      return log.level;
    },
  } satisfies Logger);
}

/** A plugin's view of the scheduler: its own jobs only (it cannot stop the host's or another plugin's). */
export function pluginScheduler(scheduler: Scheduler, plugin: string): Scheduler {
  const own = (owner: string) => {
    if (owner !== plugin) throw new Error(`plugin "${plugin}" may only schedule its own jobs (asked for "${owner}")`);
    return owner;
  };
  return Object.freeze({
    register: (owner, job) => scheduler.register(own(owner), job),
    stopOwner: (owner) => scheduler.stopOwner(own(owner)),
    stopAll: async () => scheduler.stopOwner(plugin),
    runNow: (owner, name) => scheduler.runNow(own(owner), name),
  } satisfies Scheduler);
}
