/**
 * Enabling and disabling plugins in config, as the owner sees it in the chat:
 * the real host against the local Telegram server.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startSeededHost, type SeededHost } from "../../local-telegram/runningHost";

const plugin = (name: string, extra = "") =>
  `module.exports = { default: { name: "${name}", description: "${name} test plugin", ${extra} commands: [
    { name: "${name}", aliases: ["${name}-alias"], description: "answers", async handler(ctx) { await ctx.answer("${name} ran"); } } ] } };`;

describe("plugins enabled and disabled in config", () => {
  let seeded: SeededHost;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "userbot-switches-"));
    for (const [name, extra] of [
      ["base", ""],
      ["extra", ""],
      ["off", ""],
      ["broken", `setup() { throw new Error("no database"); },`],
    ]) {
      fs.mkdirSync(path.join(dir, name));
      fs.writeFileSync(path.join(dir, name, "index.js"), plugin(name, extra));
    }
    // "base", "off" and "broken" are defaults (config/default.json); local.json adds "extra" and turns "off" off.
    seeded = await startSeededHost({
      plugins: ["base", "off", "broken"],
      pluginsDir: dir,
      local: (w) => ({ plugins: ["extra"], disabledPlugins: ["off"], sudoUsers: [Number(w.ids.bob)] }),
    });
  });
  afterAll(async () => {
    await seeded?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function command(text: string): Promise<string | undefined> {
    const { world, running } = seeded;
    const sent = world.ownerSends({ userId: world.ids.alice }, { text });
    await running.handled(sent.id);
    return world.message(sent.id)?.text;
  }

  it("should load the local plugins next to the defaults", async () => {
    expect(await command(".base")).toBe("base ran");
    expect(await command(".extra")).toBe("extra ran");
  });

  it("should show in .plugins where each came from and why one is off", async () => {
    const { configDir } = seeded.running;
    const text = await command(".plugins");
    expect(text).toContain(`✅ base — base test plugin (1 command; a default, ${path.join(configDir, "default.json")})`);
    expect(text).toContain(`✅ extra — extra test plugin (1 command; enabled in ${path.join(configDir, "local.json")})`);
    expect(text).toContain(
      `⛔ off — disabled: disabled in ${path.join(configDir, "local.json")} (disabledPlugins) (a default, ${path.join(configDir, "default.json")})`,
    );
    expect(text).toContain("⛔ broken — disabled: setup failed: no database");
  });

  it("should answer a command of a disabled plugin, or of one that failed to start, with the reason", async () => {
    const { configDir } = seeded.running;
    expect(await command(".off")).toBe(`.off belongs to plugin "off", which is disabled: disabled in ${path.join(configDir, "local.json")} (disabledPlugins)`);
    expect(await command(".off-alias now")).toMatch(/^\.off-alias belongs to plugin "off", which is disabled/);
    expect(await command(".broken")).toBe('.broken belongs to plugin "broken", which is disabled: setup failed: no database');
  });

  it("should still leave an unknown word after the prefix alone", async () => {
    expect(await command(".nosuchthing")).toBe(".nosuchthing");
  });

  it("should not tell a sudo user about disabled plugins (a sudo user learns nothing of the setup)", async () => {
    const { world, running, dc } = seeded;
    const before = dc.calls.all.length;
    const sent = world.userSends(world.ids.bob, { text: ".off" });
    await running.handled(sent.id);
    expect(dc.calls.all.slice(before).map((c) => c.method)).not.toContain("messages.SendMessage");
  });
});
