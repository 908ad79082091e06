import type { CommandRegistry } from "../commands/registry";
import type { ConfigSources } from "../config/loadConfig";
import type { PluginManager } from "../plugins/manager";
import type { Telegram } from "../telegram/types";

/** What built-in commands may see and do of the host. */
export interface HostView {
  registry: CommandRegistry;
  plugins: PluginManager;
  telegram: Telegram;
  prefix(): string;
  configSources(): ConfigSources;
  /** Re-reads config files from disk (for `.reload`). */
  rereadConfig(): void;
}
