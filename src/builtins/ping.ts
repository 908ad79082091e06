import type { CommandDefinition } from "../commands/types";
import type { HostView } from "./hostView";

export function pingCommand(host: HostView): CommandDefinition {
  return {
    name: "ping",
    description: "Round-trip time to Telegram",
    sudo: true,
    async handler(ctx) {
      const received = Date.now();
      await host.telegram.ping();
      const rtt = Date.now() - received;
      await ctx.answer(`Pong: ${rtt} ms to Telegram`);
    },
  };
}
