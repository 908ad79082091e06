import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CommandRegistry } from "../../src/commands/registry";
import type { ConfigSources } from "../../src/config/loadConfig";
import { createLogger } from "../../src/log/logger";
import { PluginManager, type LoadedPlugin, type PluginRecord } from "../../src/plugins/manager";
import { requireFresh, type ModuleLoader } from "../../src/plugins/moduleLoader";
import { CronScheduler, UnknownJobError } from "../../src/scheduler/cronScheduler";
import type { Telegram } from "../../src/telegram/types";

/** What the generated plugins report, by way of the global object they share with this test. */
interface EventLog {
  events: string[];
}
const shared = globalThis as typeof globalThis & { __pluginTest?: EventLog };

/** A far-away schedule, so jobs only run when a test says so. */
const YEARLY = "0 0 1 1 *";
const ZOD = JSON.stringify(require.resolve("zod"));

let root: string;
let pluginsDir: string;
let dataDir: string;
let registry: CommandRegistry;
let scheduler: CronScheduler;
let logLines: string[];
let sources: ConfigSources;
let manager: PluginManager;
let notices: string[];

function newManager(loader: ModuleLoader = requireFresh): PluginManager {
  return new PluginManager({
    pluginsDir,
    dataDir,
    registry,
    scheduler,
    telegram: {} as Telegram, // the manager only hands it on
    log: createLogger({ level: "debug", write: (line) => logLines.push(line) }),
    loader,
    timezone: () => "UTC",
    configSources: () => sources,
    trusted: () => false,
    notifyOwner: async (text) => {
      notices.push(text);
    },
  });
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-manager-"));
  pluginsDir = path.join(root, "plugins");
  dataDir = path.join(root, "data");
  fs.mkdirSync(pluginsDir);
  registry = new CommandRegistry();
  registry.registerBuiltin({ name: "help", description: "help", handler: async () => undefined });
  logLines = [];
  scheduler = new CronScheduler({ log: createLogger({ level: "silent" }) });
  sources = { dir: path.join(root, "config"), defaults: {}, local: {} };
  shared.__pluginTest = { events: [] };
  notices = [];
  manager = newManager();
});

afterEach(async () => {
  await manager.unloadAll();
  await scheduler.stopAll(1000);
  delete shared.__pluginTest;
  fs.rmSync(root, { recursive: true, force: true });
});

const events = () => shared.__pluginTest!.events;

/** Writes plugins/<folder>/index.js. `body` is the object literal (or factory) after `default:`. */
function writePlugin(folder: string, body: string, prelude = ""): void {
  fs.mkdirSync(path.join(pluginsDir, folder), { recursive: true });
  fs.writeFileSync(
    path.join(pluginsDir, folder, "index.js"),
    `"use strict";\nconst log = (e) => globalThis.__pluginTest.events.push(e);\n${prelude}\nmodule.exports = { default: ${body} };\n`,
  );
}

/** A plugin with one command, a job, setup and teardown that report to the test. */
function goodPlugin(name: string, command = `${name}-cmd`, version = "v1"): string {
  return `{
    name: ${JSON.stringify(name)},
    description: "a good plugin",
    commands: [{ name: ${JSON.stringify(command)}, aliases: [${JSON.stringify(command + "-alias")}], description: "${version}", handler: async () => {} }],
    jobs: [{ name: "tick", cron: ${JSON.stringify(YEARLY)}, run: () => log("${name}:tick:${version}") }],
    setup(ctx) { log("${name}:setup:${version}"); globalThis.__pluginTest["${name}"] = ctx; },
    teardown(ctx) { log("${name}:teardown:aborted=" + ctx.signal.aborted); },
  }`;
}

function loaded(record: PluginRecord | undefined): LoadedPlugin {
  if (record?.status !== "loaded") throw new Error(`expected a loaded plugin, got ${JSON.stringify(record)}`);
  return record;
}

function reasonOf(record: PluginRecord | undefined): string {
  if (record?.status !== "disabled") throw new Error(`expected a disabled plugin, got ${record?.status}`);
  return record.reason;
}

describe("PluginManager.load", () => {
  it("should tell the owner when a damaged store was moved aside: what was lost and where the old file is (issue 10, failure 8)", async () => {
    writePlugin("weather", goodPlugin("weather"));
    const storeFile = path.join(dataDir, "plugins", "weather", "store.json");
    fs.mkdirSync(path.dirname(storeFile), { recursive: true });
    // A store cut off mid-write: its layout still shows the keys it held.
    fs.writeFileSync(storeFile, '{\n  "format": 1,\n  "data": {\n    "rotation:101": {\n      "id": "101"\n    },\n    "rotation:202": {\n      "id');
    loaded(await manager.load("weather"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(notices).toHaveLength(1);
    const aside = fs.readdirSync(path.dirname(storeFile)).find((n) => n.startsWith("store.json.corrupt-"));
    expect(notices[0]).toMatch(/^⚠️ Plugin weather: its saved data could not be read \(not valid JSON/);
    expect(notices[0]).toContain("Lost: 2 saved entries (rotation:101, rotation:202).");
    expect(notices[0]).toContain(`The old file is kept at ${path.join(path.dirname(storeFile), aside!)}.`);
  });

  it("should load a good plugin: commands registered, setup run with its context, jobs scheduled", async () => {
    writePlugin("weather", goodPlugin("weather"));
    const record = loaded(await manager.load("weather"));
    expect(record.definition.description).toBe("a good plugin");
    expect(registry.find("weather-cmd")?.owner).toBe("weather");
    expect(registry.find("weather-cmd-alias")?.owner).toBe("weather");
    expect(events()).toEqual(["weather:setup:v1"]);
    const ctx = record.context;
    expect(ctx.name).toBe("weather");
    expect(ctx.dataDir).toBe(path.join(dataDir, "plugins", "weather"));
    expect(ctx.signal.aborted).toBe(false);
    await scheduler.runNow("weather", "tick");
    expect(events()).toEqual(["weather:setup:v1", "weather:tick:v1"]);
    expect(manager.list().map((p) => p.name)).toEqual(["weather"]);
    expect(logLines.some((l) => l.includes("plugin weather loaded"))).toBe(true);
  });

  it("should give the plugin a store kept in its data folder", async () => {
    writePlugin("weather", goodPlugin("weather"));
    const record = loaded(await manager.load("weather"));
    await record.context.store.set("city", "Oslo");
    const file = path.join(dataDir, "plugins", "weather", "store.json");
    expect(JSON.parse(fs.readFileSync(file, "utf8")).data).toEqual({ city: "Oslo" });
  });

  it("should accept a factory that returns the definition, calling it on every load", async () => {
    writePlugin(
      "notes",
      `() => { log("factory"); return { name: "notes", description: "d", commands: [{ name: "note", description: "n", handler: async () => {} }] }; }`,
    );
    loaded(await manager.load("notes"));
    expect(registry.find("note")?.owner).toBe("notes");
    await manager.reload("notes");
    expect(events()).toEqual(["factory", "factory"]);
  });

  it("should disable a plugin whose folder is missing", async () => {
    expect(reasonOf(await manager.load("ghost"))).toBe(`not found: there is no folder ${path.join(pluginsDir, "ghost")}`);
    expect(logLines.some((l) => l.includes("plugin ghost disabled: not found"))).toBe(true);
  });

  it("should disable a plugin whose module throws when loaded", async () => {
    fs.mkdirSync(path.join(pluginsDir, "broken"));
    fs.writeFileSync(path.join(pluginsDir, "broken", "index.js"), 'throw new Error("cannot find the weather API key");\n');
    expect(reasonOf(await manager.load("broken"))).toBe("failed to load: cannot find the weather API key");
  });

  it("should disable a plugin whose module has a syntax error", async () => {
    fs.mkdirSync(path.join(pluginsDir, "typo"));
    fs.writeFileSync(path.join(pluginsDir, "typo", "index.js"), "module.exports = {\n");
    expect(reasonOf(await manager.load("typo"))).toMatch(/^failed to load: /);
  });

  it("should disable a plugin whose factory throws", async () => {
    writePlugin("notes", '() => { throw new Error("factory broke"); }');
    expect(reasonOf(await manager.load("notes"))).toBe("failed to load: factory broke");
  });

  it("should disable a plugin that exports no definition", async () => {
    fs.mkdirSync(path.join(pluginsDir, "empty"));
    fs.writeFileSync(path.join(pluginsDir, "empty", "index.js"), "module.exports = { name: 'empty' };\n");
    expect(reasonOf(await manager.load("empty"))).toMatch(/^failed to load: its entry does not export a plugin definition/);
  });

  it("should disable a plugin whose definition is named differently from its folder", async () => {
    writePlugin("weather", goodPlugin("forecast"));
    expect(reasonOf(await manager.load("weather"))).toBe('failed to load: its definition is named "forecast" but its folder is "weather"');
    expect(registry.find("forecast-cmd")).toBeUndefined();
    expect(events()).toEqual([]);
  });

  it("should disable a plugin without a description", async () => {
    writePlugin("weather", '{ name: "weather" }');
    expect(reasonOf(await manager.load("weather"))).toBe("failed to load: its definition has no description");
  });

  it("should disable a plugin with a bad config value, naming the file and key, before running anything", async () => {
    writePlugin(
      "weather",
      `{ name: "weather", description: "d",
         settings: { units: { schema: z.enum(["metric", "imperial"]), default: "metric", description: "u" } },
         commands: [{ name: "forecast", description: "f", handler: async () => {} }],
         setup() { log("setup"); } }`,
      `const { z } = require(${ZOD});`,
    );
    sources = { dir: sources.dir, defaults: {}, local: { pluginConfig: { weather: { units: "kelvin" } } } };
    const record = await manager.load("weather");
    const reason = reasonOf(record);
    expect(reason).toContain(`bad config: ${path.join(sources.dir, "local.json")}: pluginConfig.weather.units: `);
    expect(reason).toContain('got "kelvin"');
    expect(record.status === "disabled" && record.description).toBe("d");
    expect(registry.find("forecast")).toBeUndefined();
    expect(events()).toEqual([]);
  });

  it("should hand the resolved config to setup", async () => {
    writePlugin(
      "weather",
      `{ name: "weather", description: "d",
         settings: { units: { schema: z.enum(["metric", "imperial"]), default: "metric", description: "u" },
                     city: { schema: z.string(), default: "Berlin", description: "c" } },
         setup(ctx) { log(ctx.config.units + "/" + ctx.config.city); } }`,
      `const { z } = require(${ZOD});`,
    );
    sources = { dir: sources.dir, defaults: { pluginConfig: { weather: { city: "Oslo" } } }, local: {} };
    loaded(await manager.load("weather"));
    expect(events()).toEqual(["metric/Oslo"]);
  });

  it("should undo everything when setup throws, and still load the plugins after it", async () => {
    writePlugin(
      "flaky",
      `{ name: "flaky", description: "d",
         commands: [{ name: "flaky-cmd", description: "f", handler: async () => {} }],
         setup(ctx) {
           ctx.scheduler.register("flaky", { name: "early", cron: ${JSON.stringify(YEARLY)}, run: () => log("early ran") });
           ctx.signal.addEventListener("abort", () => log("flaky aborted"));
           throw new Error("no network");
         },
         teardown() { log("flaky teardown"); } }`,
    );
    writePlugin("weather", goodPlugin("weather"));
    await manager.loadAll(["flaky", "weather"]);
    const flaky = manager.get("flaky");
    expect(reasonOf(flaky)).toBe("setup failed: no network");
    expect(flaky?.status === "disabled" && flaky.description).toBe("d");
    expect(registry.find("flaky-cmd")).toBeUndefined();
    await expect(scheduler.runNow("flaky", "early")).rejects.toThrow(UnknownJobError);
    expect(events()).toContain("flaky aborted");
    expect(events()).not.toContain("flaky teardown"); // setup did not finish: nothing to tear down
    expect(loaded(manager.get("weather")).name).toBe("weather");
    expect(registry.find("weather-cmd")?.owner).toBe("weather");
  });

  it("should refuse a plugin whose command clashes with a built-in, leaving the built-in alone", async () => {
    writePlugin("weather", goodPlugin("weather", "help"));
    const reason = reasonOf(await manager.load("weather"));
    expect(reason).toBe('its commands were refused: command "help" is already taken by a built-in command');
    expect(registry.find("help")?.builtin).toBe(true);
    expect(registry.find("help-alias")).toBeUndefined();
    expect(events()).toEqual([]); // setup never ran
  });

  it("should refuse a plugin whose command another plugin holds, leaving the first plugin intact", async () => {
    writePlugin("weather", goodPlugin("weather", "forecast"));
    writePlugin("other", goodPlugin("other", "forecast"));
    await manager.loadAll(["weather", "other"]);
    expect(reasonOf(manager.get("other"))).toBe('its commands were refused: command "forecast" is already taken by plugin "weather"');
    expect(registry.find("forecast")?.owner).toBe("weather");
    await scheduler.runNow("weather", "tick");
    expect(events()).toContain("weather:tick:v1");
  });

  it("should disable a plugin with a bad cron expression, with a clear reason, and undo its setup", async () => {
    writePlugin(
      "weather",
      `{ name: "weather", description: "d",
         commands: [{ name: "forecast", description: "f", handler: async () => {} }],
         jobs: (ctx) => [
           { name: "good", cron: ${JSON.stringify(YEARLY)}, run: () => log("good ran") },
           { name: "bad", cron: "every morning", run: () => {} },
         ],
         setup() { log("setup"); },
         teardown() { log("teardown"); } }`,
    );
    const reason = reasonOf(await manager.load("weather"));
    expect(reason).toMatch(/^its jobs were refused: Invalid cron expression "every morning" for job "bad" of weather/);
    expect(registry.find("forecast")).toBeUndefined();
    await expect(scheduler.runNow("weather", "good")).rejects.toThrow(UnknownJobError);
    // setup had finished, so its teardown runs
    expect(events()).toEqual(["setup", "teardown"]);
  });

  it("should disable a plugin whose store cannot be opened", async () => {
    writePlugin("weather", goodPlugin("weather"));
    fs.mkdirSync(path.join(dataDir, "plugins"), { recursive: true });
    fs.writeFileSync(path.join(dataDir, "plugins", "weather"), "a file where the folder should be");
    expect(reasonOf(await manager.load("weather"))).toMatch(/^its store cannot be opened: /);
    expect(registry.find("weather-cmd")).toBeUndefined();
  });

  it("should load a plugin listed twice only once, and keep it working", async () => {
    writePlugin("weather", goodPlugin("weather"));
    await manager.loadAll(["weather", "weather"]);
    expect(loaded(manager.get("weather")).name).toBe("weather");
    expect(events()).toEqual(["weather:setup:v1"]);
    expect(registry.find("weather-cmd")?.owner).toBe("weather");
    await scheduler.runNow("weather", "tick");
  });
});

describe("PluginManager.unload", () => {
  it("should stop the plugin's jobs, abort its signal, unregister its commands and call teardown", async () => {
    writePlugin("weather", goodPlugin("weather"));
    const record = loaded(await manager.load("weather"));
    await manager.unload("weather");
    expect(manager.get("weather")).toBeUndefined();
    expect(registry.find("weather-cmd")).toBeUndefined();
    expect(record.context.signal.aborted).toBe(true);
    await expect(scheduler.runNow("weather", "tick")).rejects.toThrow(UnknownJobError);
    expect(events()).toEqual(["weather:setup:v1", "weather:teardown:aborted=true"]);
  });

  it("should flush the store before it returns", async () => {
    writePlugin("weather", goodPlugin("weather"));
    const record = loaded(await manager.load("weather"));
    void record.context.store.set("last", 1);
    await manager.unload("weather");
    const file = path.join(dataDir, "plugins", "weather", "store.json");
    expect(JSON.parse(fs.readFileSync(file, "utf8")).data).toEqual({ last: 1 });
  });

  it("should log a failing teardown and unload anyway", async () => {
    writePlugin(
      "weather",
      `{ name: "weather", description: "d", commands: [{ name: "forecast", description: "f", handler: async () => {} }], teardown() { throw new Error("socket already closed"); } }`,
    );
    await manager.load("weather");
    await manager.unload("weather");
    expect(registry.find("forecast")).toBeUndefined();
    expect(logLines.some((l) => l.includes("plugin weather: teardown failed") && l.includes("socket already closed"))).toBe(true);
  });

  it("should unload all plugins, the last loaded first", async () => {
    writePlugin("alpha", goodPlugin("alpha"));
    writePlugin("beta", goodPlugin("beta"));
    await manager.loadAll(["alpha", "beta"]);
    await manager.unloadAll();
    expect(events().filter((e) => e.includes("teardown"))).toEqual(["beta:teardown:aborted=true", "alpha:teardown:aborted=true"]);
    expect(manager.list()).toEqual([]);
  });

  it("should forget a disabled plugin without error", async () => {
    await manager.load("ghost");
    await manager.unload("ghost");
    expect(manager.list()).toEqual([]);
  });
});

describe("PluginManager.reload", () => {
  /**
   * Under jest, modules are cached in jest's own registry (and their source in
   * its file cache), not in require.cache, so neither requireFresh nor
   * jest.isolateModules sees an edited file. This loader reads and evaluates
   * index.js itself on every load; the real requireFresh is covered by a test
   * in a child process.
   */
  const isolatedLoader: ModuleLoader = (dir) => {
    const source = fs.readFileSync(path.join(dir, "index.js"), "utf8");
    const module = { exports: {} as unknown };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the point: run the plugin's source outside Node's module cache
    const run = new Function("module", "exports", "require", source) as (m: unknown, e: unknown, r: NodeJS.Require) => void;
    run(module, module.exports, require);
    return module.exports;
  };

  it("should pick up an edited index.js", async () => {
    manager = newManager(isolatedLoader);
    writePlugin("weather", goodPlugin("weather", "forecast", "v1"));
    await manager.load("weather");
    writePlugin("weather", goodPlugin("weather", "outlook", "v2"));
    const record = loaded(await manager.reload("weather"));
    expect(record.definition.commands?.[0].description).toBe("v2");
    expect(registry.find("forecast")).toBeUndefined();
    expect(registry.find("outlook")?.owner).toBe("weather");
    await scheduler.runNow("weather", "tick");
    expect(events()).toEqual(["weather:setup:v1", "weather:teardown:aborted=true", "weather:setup:v2", "weather:tick:v2"]);
  });

  it("should leave the plugin disabled with the reason when the edited code is broken", async () => {
    manager = newManager(isolatedLoader);
    writePlugin("weather", goodPlugin("weather"));
    await manager.load("weather");
    fs.writeFileSync(path.join(pluginsDir, "weather", "index.js"), 'throw new Error("half-saved file");');
    expect(reasonOf(await manager.reload("weather"))).toBe("failed to load: half-saved file");
    expect(registry.find("weather-cmd")).toBeUndefined();
  });

  it("should re-read the config on reload", async () => {
    manager = newManager(isolatedLoader);
    writePlugin(
      "weather",
      `{ name: "weather", description: "d",
         settings: { city: { schema: z.string(), default: "Berlin", description: "c" } },
         setup(ctx) { log(ctx.config.city); } }`,
      `const { z } = require(${ZOD});`,
    );
    await manager.load("weather");
    sources = { dir: sources.dir, defaults: {}, local: { pluginConfig: { weather: { city: "Oslo" } } } };
    await manager.reload("weather");
    expect(events()).toEqual(["Berlin", "Oslo"]);
  });

  it("should show whether requireFresh sees edits under jest (documents the limitation above)", async () => {
    writePlugin("weather", goodPlugin("weather", "forecast", "v1"));
    const first = requireFresh(path.join(pluginsDir, "weather")) as { default: { commands: { description: string }[] } };
    writePlugin("weather", goodPlugin("weather", "forecast", "v2"));
    const second = requireFresh(path.join(pluginsDir, "weather")) as { default: { commands: { description: string }[] } };
    expect(first.default.commands[0].description).toBe("v1");
    // jest keeps its own module registry: if this ever starts to say v2, the isolated loader above can go
    expect(second.default.commands[0].description).toBe("v1");
  });
});
