import type { SettingsSchema } from "../plugins/definePlugin";

/** A setting's value as the owner would type it back; "(not set)" for an optional one left empty. */
export function formatSettingValue(value: unknown): string {
  return value === undefined ? "(not set)" : JSON.stringify(value);
}

/** "size = 800 — Photo size in px (640 to 1280)", one line per setting. */
export function settingLines(settings: SettingsSchema, config: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(settings).map(([key, s]) => `${key} = ${formatSettingValue(config[key])} — ${s.description}`);
}

/** "size — Photo size in px (640 to 1280)": what each setting is for, without its value. */
export function settingNames(settings: SettingsSchema): string[] {
  return Object.entries(settings).map(([key, s]) => `${key} — ${s.description}`);
}
