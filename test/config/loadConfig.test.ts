import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError } from "../../src/core/errors";
import { loadConfig, mergeLayers, pluginLayer, readJsonObject, savePluginSetting, type ConfigSources } from "../../src/config/loadConfig";

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "config-test-"));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

/** The ConfigError message loadConfig throws, failing the test when it does not throw one. */
function loadError(): string {
  try {
    loadConfig(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("loadConfig did not throw");
}

describe("loadConfig", () => {
  it("should apply every default when both files are missing", () => {
    const { app } = loadConfig(dir);
    expect(app).toEqual({
      prefixes: ["."],
      sudoUsers: [],
      plugins: [],
      disabledPlugins: [],
      trustedPlugins: [],
      pluginConfig: {},
      timezone: "UTC",
      logChat: "me",
      showErrorDetails: false,
      shutdownTimeoutSeconds: 10,
      telegram: {
        transport: "full",
        floodSleepThreshold: 10,
        floodWaitRetries: 3,
        connectionRetries: 5,
        requestTimeoutSeconds: 30,
        transferTimeoutSeconds: 300,
      },
    });
  });

  it("should read the repository's own config/default.json without error", () => {
    const { app } = loadConfig(path.join(__dirname, "../../config"));
    expect(app.plugins).toContain("contact-avatar");
  });

  it("should be fine without local.json and keep the layers apart", () => {
    write("default.json", { prefixes: ["!"], sudoUsers: [42] });
    const { app, sources } = loadConfig(dir);
    expect(app.prefixes).toEqual(["!"]);
    expect(app.sudoUsers).toEqual([42]);
    expect(sources).toEqual({ dir, defaults: { prefixes: ["!"], sudoUsers: [42] }, local: {} });
  });

  it("should let local.json override default.json, merging objects and replacing arrays", () => {
    write("default.json", { prefixes: [".", "!"], telegram: { transport: "abridged", floodSleepThreshold: 20 } });
    write("local.json", { prefixes: ["/"], telegram: { floodSleepThreshold: 60 } });
    const { app } = loadConfig(dir);
    expect(app.prefixes).toEqual(["/"]);
    expect(app.telegram.transport).toBe("abridged");
    expect(app.telegram.floodSleepThreshold).toBe(60);
    expect(app.telegram.connectionRetries).toBe(5);
  });

  it("should name local.json, the key path and what was expected for a wrong value in local.json", () => {
    write("default.json", { telegram: { floodSleepThreshold: 10 } });
    const local = write("local.json", { telegram: { floodSleepThreshold: "ten" } });
    const message = loadError();
    expect(message).toBe(`${local}: telegram.floodSleepThreshold: Invalid input: expected number, received string, got "ten"`);
  });

  it("should name default.json for a wrong value in default.json", () => {
    const defaults = write("default.json", { telegram: { floodSleepThreshold: 5000 } });
    write("local.json", { telegram: { floodSleepThreshold: 10 } });
    const message = loadError();
    expect(message).toContain(`${defaults}: telegram.floodSleepThreshold:`);
    expect(message).toContain("3600");
    expect(message).toContain("got 5000");
    expect(message).not.toContain("local.json");
  });

  it("should name an array element by its index", () => {
    const local = write("local.json", { plugins: ["hello", "Bad Name"] });
    expect(loadError()).toBe(`${local}: plugins.1: expected a plugin folder name (a-z, 0-9, -), got "Bad Name"`);
  });

  it("should say what logChat expects", () => {
    const local = write("local.json", { logChat: "you" });
    expect(loadError()).toBe(`${local}: logChat: expected "me" or a chat id (a whole number), got "you"`);
  });

  it("should say what a sudo user id must be", () => {
    write("local.json", { sudoUsers: [true] });
    expect(loadError()).toContain(`sudoUsers.0: expected a user id (a positive whole number), got true`);
  });

  it("should refuse an unknown time zone", () => {
    write("local.json", { timezone: "Mars/Olympus" });
    expect(loadError()).toContain(`timezone: expected an IANA time zone such as "Europe/Berlin" or "UTC", got "Mars/Olympus"`);
  });

  it("should name unknown keys at the top level and inside sections", () => {
    const local = write("local.json", { prefix: ".", telegram: { floodSleep: 3 } });
    const message = loadError();
    expect(message.split("\n")).toEqual(expect.arrayContaining([`${local}: unknown key "prefix"`, `${local}: telegram: unknown key "floodSleep"`]));
  });

  it("should name several unknown keys in one line", () => {
    write("default.json", { a: 1, b: 2 });
    expect(loadError()).toMatch(/default\.json: unknown keys "a", "b"$/);
  });

  it("should report every wrong value, one line each", () => {
    write("local.json", { showErrorDetails: "yes", shutdownTimeoutSeconds: -1 });
    const lines = loadError().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.includes("showErrorDetails: ") && l.includes('got "yes"'))).toBe(true);
    expect(lines.some((l) => l.includes("shutdownTimeoutSeconds: ") && l.includes("got -1"))).toBe(true);
  });

  it("should name the file that is not valid JSON", () => {
    const local = write("local.json", '{ "prefixes": [".",] }');
    const message = loadError();
    expect(message.startsWith(`${local}: is not valid JSON (`)).toBe(true);
  });

  it("should refuse a file whose top level is not an object", () => {
    const defaults = write("default.json", "[1, 2]");
    expect(loadError()).toBe(`${defaults}: expected a JSON object at the top level`);
    write("default.json", "null");
    expect(loadError()).toBe(`${defaults}: expected a JSON object at the top level`);
  });

  it("should name a config path that cannot be read", () => {
    fs.mkdirSync(path.join(dir, "local.json"));
    expect(loadError()).toMatch(/local\.json: cannot be read \(/);
  });
});

describe("readJsonObject", () => {
  it("should read a missing file as an empty object", () => {
    expect(readJsonObject(path.join(dir, "nope.json"))).toEqual({});
  });
});

describe("mergeLayers", () => {
  it("should merge nested objects key by key and replace arrays and scalars", () => {
    const base = { a: 1, list: [1, 2, 3], nested: { x: 1, y: { deep: true, keep: 1 } }, gone: { k: 1 } };
    const override = { a: 2, list: [9], nested: { y: { deep: false } }, gone: null };
    expect(mergeLayers(base, override)).toEqual({ a: 2, list: [9], nested: { x: 1, y: { deep: false, keep: 1 } }, gone: null });
  });

  it("should not change its inputs", () => {
    const base = { nested: { x: 1 } };
    const override = { nested: { y: 2 } };
    mergeLayers(base, override);
    expect(base).toEqual({ nested: { x: 1 } });
    expect(override).toEqual({ nested: { y: 2 } });
  });

  it("should replace an object with an array and an array with an object", () => {
    expect(mergeLayers({ a: { x: 1 }, b: [1] }, { a: [2], b: { y: 2 } })).toEqual({ a: [2], b: { y: 2 } });
  });
});

describe("pluginLayer", () => {
  it("should merge one plugin's settings and tell which file each key came from", () => {
    const sources: ConfigSources = {
      dir,
      defaults: { pluginConfig: { weather: { city: "Berlin", units: "metric" }, other: { x: 1 } } },
      local: { pluginConfig: { weather: { city: "Paris" } } },
    };
    const layer = pluginLayer(sources, "weather");
    expect(layer.values).toEqual({ city: "Paris", units: "metric" });
    expect(layer.fileOf("city")).toBe(path.join(dir, "local.json"));
    expect(layer.fileOf("units")).toBe(path.join(dir, "default.json"));
  });
});

describe("savePluginSetting", () => {
  it("should write local.json, keeping its other keys, and update the sources", async () => {
    write("default.json", { prefixes: ["."] });
    write("local.json", { prefixes: ["!"], pluginConfig: { weather: { city: "Paris" }, other: { x: 1 } } });
    const { sources } = loadConfig(dir);
    await savePluginSetting(sources, "weather", "units", "imperial");
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, "local.json"), "utf8"));
    const expected = { prefixes: ["!"], pluginConfig: { weather: { city: "Paris", units: "imperial" }, other: { x: 1 } } };
    expect(onDisk).toEqual(expected);
    expect(sources.local).toEqual(expected);
    // default.json is never touched
    expect(JSON.parse(fs.readFileSync(path.join(dir, "default.json"), "utf8"))).toEqual({ prefixes: ["."] });
    // and the result still loads
    expect(loadConfig(dir).app.pluginConfig.weather).toEqual({ city: "Paris", units: "imperial" });
  });

  it("should create local.json (and its folder) when there is none, readable only by the owner", async () => {
    const nested = path.join(dir, "config");
    const sources: ConfigSources = { dir: nested, defaults: {}, local: {} };
    await savePluginSetting(sources, "weather", "city", "Oslo");
    const file = path.join(nested, "local.json");
    expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ pluginConfig: { weather: { city: "Oslo" } } });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it("should replace the file atomically, leaving no temporary files behind", async () => {
    write("local.json", { prefixes: ["!"] });
    const before = fs.statSync(path.join(dir, "local.json")).ino;
    await savePluginSetting({ dir, defaults: {}, local: {} }, "weather", "city", "Oslo");
    // write-file-atomic renames a new file over the old one, so the inode changes
    expect(fs.statSync(path.join(dir, "local.json")).ino).not.toBe(before);
    expect(fs.readdirSync(dir)).toEqual(["local.json"]);
  });

  it("should keep what another hand wrote to local.json since it was loaded", async () => {
    write("local.json", {});
    const { sources } = loadConfig(dir);
    write("local.json", { showErrorDetails: true });
    await savePluginSetting(sources, "weather", "city", "Oslo");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "local.json"), "utf8"))).toEqual({
      showErrorDetails: true,
      pluginConfig: { weather: { city: "Oslo" } },
    });
  });

  it("should refuse to overwrite a local.json that is not valid JSON", async () => {
    write("local.json", "{ oops");
    await expect(savePluginSetting({ dir, defaults: {}, local: {} }, "weather", "city", "Oslo")).rejects.toThrow(ConfigError);
    expect(fs.readFileSync(path.join(dir, "local.json"), "utf8")).toBe("{ oops");
  });
});
