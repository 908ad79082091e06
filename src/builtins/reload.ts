import { UserError } from "../core/errors";
import type { CommandDefinition } from "../commands/types";
import type { HostView } from "./hostView";

export function reloadCommand(host: HostView): CommandDefinition {
  return {
    name: "reload",
    description: "Re-reads a plugin's code and config (all plugins without an argument); keeps the Telegram connection",
    usage: "[plugin]",
    async handler(ctx) {
      const wanted = ctx.args.positional[0];
      const names = wanted ? [wanted] : host.plugins.list().map((p) => p.name);
      if (wanted && !host.plugins.get(wanted)) {
        throw new UserError(`No plugin named "${wanted}" is configured. ${host.prefix()}plugins lists them.`);
      }
      host.rereadConfig();
      const lines: string[] = [];
      for (const name of names) {
        const started = Date.now();
        const record = await host.plugins.reload(name);
        lines.push(record.status === "loaded" ? `✅ ${name} reloaded (${Date.now() - started} ms)` : `⛔ ${name} disabled: ${record.reason}`);
      }
      await ctx.answer(lines.join("\n") || "No plugins to reload.");
    },
  };
}
