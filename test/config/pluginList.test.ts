import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../src/config/loadConfig";
import { pluginPlan } from "../../src/config/pluginList";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-list-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(defaults: object, local: object) {
  fs.writeFileSync(path.join(dir, "default.json"), JSON.stringify(defaults));
  fs.writeFileSync(path.join(dir, "local.json"), JSON.stringify(local));
}

describe("the plugin list across config/default.json and config/local.json", () => {
  it("should add the local plugins to the default ones instead of replacing them", () => {
    write({ plugins: ["contact-avatar"] }, { plugins: ["hello"] });
    const { app, sources } = loadConfig(dir);
    expect(app.plugins).toEqual(["contact-avatar", "hello"]);
    expect(pluginPlan(sources)).toEqual([
      { name: "contact-avatar", enabledBy: path.join(dir, "default.json"), disabledBy: undefined },
      { name: "hello", enabledBy: path.join(dir, "local.json"), disabledBy: undefined },
    ]);
  });

  it("should list a plugin named in both files once, from the defaults", () => {
    write({ plugins: ["contact-avatar"] }, { plugins: ["hello", "contact-avatar"] });
    expect(loadConfig(dir).app.plugins).toEqual(["contact-avatar", "hello"]);
  });

  it("should leave out a plugin named in disabledPlugins, and say which file disabled it", () => {
    write({ plugins: ["contact-avatar"] }, { plugins: ["hello"], disabledPlugins: ["contact-avatar"] });
    const { app, sources } = loadConfig(dir);
    expect(app.plugins).toEqual(["hello"]);
    expect(pluginPlan(sources)[0]).toEqual({ name: "contact-avatar", enabledBy: path.join(dir, "default.json"), disabledBy: path.join(dir, "local.json") });
  });

  it("should refuse a disabledPlugins entry that is not a plugin name, naming the file", () => {
    write({ plugins: [] }, { disabledPlugins: ["Contact Avatar"] });
    expect(() => loadConfig(dir)).toThrow(/local\.json.*disabledPlugins/s);
  });
});
