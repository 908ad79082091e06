import { plural } from "../util/plural";
import path from "node:path";
import { DEFAULT_FILE } from "../config/loadConfig";
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
            ? `✅ ${p.name} — ${p.definition.description} (${plural(host.registry.ofOwner(p.name).length, "command")}; ${origin(p.enabledBy)})${statusLine(await p.definition.status?.(p.context))}`
            : `⛔ ${p.name} — disabled: ${p.reason} (${origin(p.enabledBy)})`,
        ),
      );
      await ctx.answer(lines.join("\n"));
    },
  };
}

/** Which file's `plugins` list named it: the defaults, or the owner's own config. */
function origin(enabledBy: string | undefined): string {
  if (!enabledBy) return "loaded by hand";
  return path.basename(enabledBy) === DEFAULT_FILE ? `a default, ${enabledBy}` : `enabled in ${enabledBy}`;
}

function statusLine(status: string | undefined): string {
  return status ? `\n   ${status}` : "";
}
