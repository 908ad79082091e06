import { z } from "zod";
import { UsageError, definePlugin, setting } from "contact-userbot/sdk";

/**
 * The smallest useful plugin, as an example for plugin authors (see
 * docs/PLUGINS.md). Enable it by adding "hello" to "plugins" in
 * config/local.json.
 */
export default definePlugin({
  name: "hello",
  description: "Greets someone (an example plugin)",
  settings: {
    greeting: setting({ schema: z.string().min(1).max(50), default: "Hello", description: "The word to greet with" }),
  },
  commands: [
    {
      name: "hello",
      aliases: ["hi"],
      description: "Greets someone and counts the greetings",
      usage: "<name> [--shout]",
      examples: ["hello Alice", 'hello "Alice and Bob" --shout'],
      sudo: true,
      async handler(ctx) {
        const name = ctx.args.positional.join(" ");
        if (!name) throw new UsageError("Whom should I greet?");
        const count = (ctx.store.get<number>("count") ?? 0) + 1;
        await ctx.store.set("count", count);
        const text = `${ctx.config.greeting}, ${name}! (greeting #${count})`;
        await ctx.answer(ctx.args.options.shout ? text.toUpperCase() : text);
      },
    },
  ],
});
