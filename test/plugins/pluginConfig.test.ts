import path from "node:path";
import { z } from "zod";
import { ConfigError } from "../../src/core/errors";
import type { ConfigSources } from "../../src/config/loadConfig";
import { setting, type SettingsSchema } from "../../src/plugins/definePlugin";
import { parseSettingInput, pluginDataDir, resolvePluginConfig } from "../../src/plugins/pluginConfig";

const DIR = "/etc/bot";
const DEFAULT_FILE = path.join(DIR, "default.json");
const LOCAL_FILE = path.join(DIR, "local.json");

const settings: SettingsSchema = {
  city: setting({ schema: z.string().min(1), default: "Berlin", description: "city" }),
  units: setting({ schema: z.enum(["metric", "imperial"]), default: "metric", description: "units" }),
  hours: setting({ schema: z.array(z.number().int().min(0).max(23)), default: [8], description: "hours" }),
};

function sources(defaults: unknown, local: unknown): ConfigSources {
  return {
    dir: DIR,
    defaults: defaults === undefined ? {} : { pluginConfig: { weather: defaults } },
    local: local === undefined ? {} : { pluginConfig: { weather: local } },
  };
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("did not throw");
}

describe("resolvePluginConfig", () => {
  it("should use the plugin's defaults when no file sets anything", () => {
    expect(resolvePluginConfig("weather", settings, sources(undefined, undefined))).toEqual({
      city: "Berlin",
      units: "metric",
      hours: [8],
    });
  });

  it("should take values from default.json, and local.json over it", () => {
    const config = resolvePluginConfig("weather", settings, sources({ city: "Paris", units: "imperial" }, { city: "Oslo" }));
    expect(config).toEqual({ city: "Oslo", units: "imperial", hours: [8] });
  });

  it("should ignore other plugins' settings", () => {
    const s: ConfigSources = { dir: DIR, defaults: { pluginConfig: { other: { nonsense: 1 } } }, local: {} };
    expect(resolvePluginConfig("weather", settings, s).city).toBe("Berlin");
  });

  it("should name local.json and pluginConfig.<plugin>.<key> for a bad value from local.json", () => {
    const message = configError(() => resolvePluginConfig("weather", settings, sources({ units: "metric" }, { units: "kelvin" })));
    expect(message).toBe(`${LOCAL_FILE}: pluginConfig.weather.units: Invalid option: expected one of "metric"|"imperial", got "kelvin"`);
  });

  it("should name default.json for a bad value from default.json", () => {
    const message = configError(() => resolvePluginConfig("weather", settings, sources({ city: "" }, { units: "metric" })));
    expect(message.startsWith(`${DEFAULT_FILE}: pluginConfig.weather.city: `)).toBe(true);
    expect(message).toContain("expected string to have >=1 characters");
  });

  it("should name the element inside a bad array value", () => {
    const message = configError(() => resolvePluginConfig("weather", settings, sources(undefined, { hours: [8, 25] })));
    expect(message.startsWith(`${LOCAL_FILE}: pluginConfig.weather.hours.1: `)).toBe(true);
    expect(message).toContain("got 25");
  });

  it("should blame the plugin itself when its own default is invalid", () => {
    const broken: SettingsSchema = { n: { schema: z.number(), default: "x", description: "n" } };
    const message = configError(() => resolvePluginConfig("weather", broken, sources(undefined, undefined)));
    expect(message.startsWith(`the default of plugin "weather": pluginConfig.weather.n: `)).toBe(true);
  });

  it("should name an unknown key, its file and the known keys", () => {
    const message = configError(() => resolvePluginConfig("weather", settings, sources({ city: "Oslo" }, { citty: "Rome" })));
    expect(message).toBe(`${LOCAL_FILE}: pluginConfig.weather: unknown key "citty" (known: city, units, hours)`);
  });

  it("should say a plugin without settings knows none", () => {
    const message = configError(() => resolvePluginConfig("weather", {}, sources({ city: "Oslo" }, undefined)));
    expect(message).toBe(`${DEFAULT_FILE}: pluginConfig.weather: unknown key "city" (known: none)`);
  });

  it.each(["constructor", "toString", "hasOwnProperty"])("should treat %p as an unknown key, not as a setting", (key) => {
    const message = configError(() => resolvePluginConfig("weather", settings, sources(undefined, JSON.parse(`{"${key}": 1}`))));
    expect(message).toContain(`unknown key "${key}"`);
  });

  it("should pass the parsed value on (zod transforms apply)", () => {
    const trimmed: SettingsSchema = { name: setting({ schema: z.string().trim(), default: "x", description: "" }) };
    expect(resolvePluginConfig("weather", trimmed, sources(undefined, { name: "  Bob " }))).toEqual({ name: "Bob" });
  });
});

describe("parseSettingInput", () => {
  it.each([
    ["42", 42],
    ["-1.5", -1.5],
    ["true", true],
    ["false", false],
    ["null", null],
    ['"quoted"', "quoted"],
    ["[1,2]", [1, 2]],
    ['{"a":1}', { a: 1 }],
    ["Berlin", "Berlin"],
    ["Europe/Berlin", "Europe/Berlin"],
    ["two words", "two words"],
    ["{broken", "{broken"],
    ["", ""],
  ])("should read %p as %p", (text, expected) => {
    expect(parseSettingInput(text)).toEqual(expected);
  });
});

describe("pluginDataDir", () => {
  it("should put each plugin under <data>/plugins/<name>", () => {
    expect(pluginDataDir("data", "weather")).toBe(path.join("data", "plugins", "weather"));
  });
});
