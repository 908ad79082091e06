import { UsageError, UserError } from "../core/errors";
import type { CommandDefinition } from "../commands/types";
import { savePluginSetting, validate } from "../config/loadConfig";
import { parseSettingInput } from "../plugins/pluginConfig";
import type { HostView } from "./hostView";
import { formatSettingValue, settingLines } from "./settingLines";

export function configCommand(host: HostView): CommandDefinition {
  return {
    name: "config",
    description: "Shows or changes a plugin's setting (saved to config/local.json)",
    usage: "<plugin> [key [value]]",
    examples: ["config contact-avatar", "config contact-avatar size", "config contact-avatar size 1024"],
    async handler(ctx) {
      const [pluginName, key] = ctx.args.positional;
      if (!pluginName) throw new UsageError("Which plugin?");
      const plugin = host.plugins.get(pluginName);
      if (!plugin) throw new UserError(`No plugin named "${pluginName}". ${host.prefix()}plugins lists them.`);
      if (plugin.status !== "loaded") throw new UserError(`${pluginName} is disabled: ${plugin.reason}`);
      const settings = plugin.definition.settings ?? {};
      const config = plugin.context.config;
      if (!key) {
        const lines = settingLines(settings, config);
        return ctx.answer(lines.length ? `${pluginName} settings:\n${lines.join("\n")}` : `${pluginName} has no settings.`);
      }
      // Own, declared names only: "__proto__" or "constructor" would otherwise reach Object.prototype.
      const setting = Object.hasOwn(settings, key) ? settings[key] : undefined;
      if (!setting) throw new UserError(`${pluginName} has no setting "${key}" (it has: ${Object.keys(settings).join(", ") || "none"})`);
      // Everything after the key, as typed, so values may contain spaces.
      const rawValue = ctx.args.positional.length > 2 ? ctx.args.raw.slice(ctx.args.raw.indexOf(key) + key.length).trim() : "";
      if (!rawValue) {
        const byDefault = setting.default === undefined ? "" : ` (default ${formatSettingValue(setting.default)})`;
        return ctx.answer(`${pluginName}.${key} = ${formatSettingValue(config[key])} — ${setting.description}${byDefault}`);
      }
      const value = validateInput(setting.schema, parseSettingInput(rawValue), `${pluginName}.${key}`);
      await savePluginSetting(host.configSources(), pluginName, key, value);
      const record = await host.plugins.reload(pluginName);
      if (record.status !== "loaded") return ctx.answer(`Saved, but ${pluginName} is now disabled: ${record.reason}`);
      await ctx.answer(`${pluginName}.${key} = ${JSON.stringify(value)} (saved to config/local.json)`);
    },
  };
}

function validateInput(schema: Parameters<typeof validate>[0], value: unknown, key: string): unknown {
  try {
    return validate(schema, value, "value", key);
  } catch (err) {
    // "value: contact-avatar.size: Too big: expected number to be <=1280, got 5000" → drop the file part.
    throw new UserError((err as Error).message.replace(/^value: /, "Not saved: "));
  }
}
