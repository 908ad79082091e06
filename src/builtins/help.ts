import { UserError } from "../core/errors";
import type { RegisteredCommand } from "../commands/registry";
import type { CommandDefinition } from "../commands/types";
import type { HostView } from "./hostView";
import { settingLines, settingNames } from "./settingLines";

export function helpCommand(host: HostView): CommandDefinition {
  return {
    name: "help",
    aliases: ["h"],
    description: "All commands, or one plugin or command in detail",
    usage: "[plugin|command]",
    sudo: true,
    async handler(ctx) {
      const topic = ctx.args.positional[0]?.replace(/^\W+/, "").toLowerCase();
      await ctx.answer(topic ? helpFor(host, topic, ctx.fromSudo) : overview(host));
    },
  };
}

function line(host: HostView, c: RegisteredCommand): string {
  const def = c.definition;
  return `${host.prefix()}${def.name}${def.usage ? ` ${def.usage}` : ""} — ${def.description}`;
}

function overview(host: HostView): string {
  const builtins = host.registry.all().filter((c) => c.builtin);
  const parts = ["Built-in commands:", ...builtins.map((c) => line(host, c))];
  for (const plugin of host.plugins.list()) {
    if (plugin.status !== "loaded") continue;
    parts.push("", `${plugin.name}: ${plugin.definition.description}`);
    parts.push(...host.registry.ofOwner(plugin.name).map((c) => line(host, c)));
  }
  parts.push("", `${host.prefix()}help <plugin|command> for details.`);
  return parts.join("\n");
}

/** `forSudo`: a sudo user learns what the settings are, never the owner's values (folders, targets). */
function helpFor(host: HostView, topic: string, forSudo: boolean): string {
  const plugin = host.plugins.get(topic);
  if (plugin?.status === "loaded") {
    const def = plugin.definition;
    const parts = [`${def.name}: ${def.description}`, "", ...host.registry.ofOwner(def.name).map((c) => line(host, c))];
    const settings = forSudo ? settingNames(def.settings ?? {}) : settingLines(def.settings ?? {}, plugin.context.config);
    const heading = forSudo ? "Settings (the owner's to change):" : `Settings (${host.prefix()}config ${def.name} <key> <value>):`;
    if (settings.length) parts.push("", heading, ...settings);
    return parts.join("\n");
  }
  if (plugin) return `${topic} is disabled: ${plugin.reason}`;
  const command = host.registry.find(topic);
  if (!command) throw new UserError(`No command or plugin named "${topic}". ${host.prefix()}help lists them.`);
  const def = command.definition;
  const parts = [line(host, command)];
  if (def.aliases?.length) parts.push(`Aliases: ${def.aliases.map((a) => host.prefix() + a).join(", ")}`);
  if (def.help) parts.push("", def.help);
  if (def.examples?.length) parts.push("", "Examples:", ...def.examples.map((e) => `${host.prefix()}${e}`));
  parts.push("", def.sudo ? "Sudo users may run it." : "Only the owner may run it.");
  if (!command.builtin) parts.push(`From plugin ${command.owner}.`);
  return parts.join("\n");
}
