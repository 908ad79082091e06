import type { CommandDefinition } from "../commands/types";
import type { HostView } from "./hostView";

export function pluginsCommand(host: HostView): CommandDefinition {
  return {
    name: "plugins",
    description: "Loaded and disabled plugins, and why",
    sudo: true,
    async handler(ctx) {
      const records = host.plugins.list();
      if (!records.length) return ctx.answer("No plugins are configured (config/*.json → plugins).");
      const lines = await Promise.all(
        records.map(async (p) =>
          p.status === "loaded"
            ? `✅ ${p.name} — ${p.definition.description} (${host.registry.ofOwner(p.name).length} commands)${statusLine(await p.definition.status?.(p.context))}`
            : `⛔ ${p.name} — disabled: ${p.reason}`,
        ),
      );
      await ctx.answer(lines.join("\n"));
    },
  };
}

function statusLine(status: string | undefined): string {
  return status ? `\n   ${status}` : "";
}
