import { CommandConflictError, CommandRegistry } from "../../src/commands/registry";
import type { CommandDefinition } from "../../src/commands/types";

function command(name: string, aliases?: string[]): CommandDefinition {
  return { name, aliases, description: `${name} command`, handler: async () => undefined };
}

let registry: CommandRegistry;

beforeEach(() => {
  registry = new CommandRegistry();
  registry.registerBuiltin(command("help", ["h"]));
  registry.registerBuiltin(command("ping"));
});

describe("CommandRegistry", () => {
  it("should find commands by name and alias, in any case", () => {
    const setpfp = command("setpfp", ["spfp"]);
    registry.registerPlugin("contact-avatar", [setpfp]);
    expect(registry.find("setpfp")?.definition).toBe(setpfp);
    expect(registry.find("SPFP")?.definition).toBe(setpfp);
    expect(registry.find("SetPfp")).toMatchObject({ owner: "contact-avatar", builtin: false });
    expect(registry.find("h")).toMatchObject({ owner: "host", builtin: true });
    expect(registry.find("nothing")).toBeUndefined();
  });

  it("should store a name given in capitals in lower case", () => {
    registry.registerPlugin("weather", [command("Weather", ["WX"])]);
    expect(registry.find("weather")).toBeDefined();
    expect(registry.find("wx")).toBeDefined();
  });

  it.each([["help"], ["h"], ["PING"]])("should refuse a plugin command named like the built-in %p", (name) => {
    expect(() => registry.registerPlugin("evil", [command(name)])).toThrow(
      new CommandConflictError(`command "${name.toLowerCase()}" is already taken by a built-in command`),
    );
    expect(registry.find(name)?.owner).toBe("host");
  });

  it("should refuse a plugin alias that is a built-in's name", () => {
    expect(() => registry.registerPlugin("evil", [command("fine", ["help"])])).toThrow(/already taken by a built-in command/);
    expect(registry.find("fine")).toBeUndefined();
  });

  it("should refuse a second built-in with a taken name", () => {
    expect(() => registry.registerBuiltin(command("ping"))).toThrow(CommandConflictError);
  });

  it("should refuse a name or alias another plugin holds, naming that plugin", () => {
    registry.registerPlugin("weather", [command("forecast", ["fc"])]);
    expect(() => registry.registerPlugin("other", [command("forecast")])).toThrow('command "forecast" is already taken by plugin "weather"');
    expect(() => registry.registerPlugin("other", [command("other", ["fc"])])).toThrow('command "fc" is already taken by plugin "weather"');
    expect(() => registry.registerPlugin("other", [command("fc")])).toThrow('command "fc" is already taken by plugin "weather"');
  });

  it("should register none of a plugin's commands when one of them clashes", () => {
    registry.registerPlugin("weather", [command("forecast")]);
    expect(() => registry.registerPlugin("other", [command("first", ["f1"]), command("forecast"), command("last")])).toThrow(CommandConflictError);
    expect(registry.find("first")).toBeUndefined();
    expect(registry.find("f1")).toBeUndefined();
    expect(registry.find("last")).toBeUndefined();
    expect(registry.ofOwner("other")).toEqual([]);
    expect(registry.find("forecast")?.owner).toBe("weather");
  });

  it("should refuse a plugin whose own commands claim one name twice", () => {
    expect(() => registry.registerPlugin("weather", [command("forecast", ["fc"]), command("fc")])).toThrow(CommandConflictError);
    expect(registry.find("forecast")).toBeUndefined();
  });

  it.each(["", "set pfp", ".ping", "émoji", "a/b", "x!"])("should refuse the invalid name %p", (name) => {
    expect(() => registry.registerPlugin("weather", [command(name)])).toThrow(`${JSON.stringify(name)} is not a valid command name (a-z, 0-9, _ and -)`);
  });

  it("should refuse an invalid alias and register nothing", () => {
    expect(() => registry.registerPlugin("weather", [command("ok", ["not ok"])])).toThrow(/"not ok" is not a valid command name/);
    expect(registry.find("ok")).toBeUndefined();
  });

  it("should refuse a command without a name (a plain-JS plugin) with a clear message", () => {
    const nameless = { description: "x", handler: async () => undefined } as unknown as CommandDefinition;
    expect(() => registry.registerPlugin("weather", [nameless])).toThrow(new CommandConflictError("undefined is not a valid command name (a-z, 0-9, _ and -)"));
  });

  it("should accept digits, dashes and underscores", () => {
    registry.registerPlugin("weather", [command("set_pfp-2")]);
    expect(registry.find("set_pfp-2")).toBeDefined();
  });

  it("should unregister one owner's commands and aliases, so the names are free again", () => {
    registry.registerPlugin("weather", [command("forecast", ["fc"])]);
    registry.registerPlugin("notes", [command("note")]);
    registry.unregisterOwner("weather");
    expect(registry.find("forecast")).toBeUndefined();
    expect(registry.find("fc")).toBeUndefined();
    expect(registry.find("note")?.owner).toBe("notes");
    registry.registerPlugin("other", [command("forecast", ["fc"])]);
    expect(registry.find("fc")?.owner).toBe("other");
  });

  it("should keep the built-ins when a plugin called host is unregistered", () => {
    registry.registerPlugin("host", [command("mine")]);
    registry.unregisterOwner("host");
    expect(registry.find("mine")).toBeUndefined();
    expect(registry.find("help")?.builtin).toBe(true);
    expect(registry.find("ping")?.builtin).toBe(true);
  });

  it("should list each command once, built-ins first, then by owner", () => {
    registry.registerPlugin("weather", [command("forecast", ["fc", "wx"])]);
    registry.registerPlugin("alpha", [command("one"), command("two", ["2"])]);
    const listed = registry.all().map((c) => `${c.owner}:${c.definition.name}`);
    expect(listed).toEqual(["host:help", "host:ping", "alpha:one", "alpha:two", "weather:forecast"]);
    expect(registry.ofOwner("alpha").map((c) => c.definition.name)).toEqual(["one", "two"]);
  });
});
