import type { CommandDefinition } from "./types";

/** Who provides a command: a built-in or a plugin (by name). */
export interface RegisteredCommand {
  readonly owner: string;
  readonly builtin: boolean;
  readonly definition: CommandDefinition<unknown>;
}

export class CommandConflictError extends Error {
  override name = "CommandConflictError";
}

/**
 * Command names and aliases to their handlers. Built-ins are registered first
 * and can never be taken; a plugin that claims a name another plugin holds is
 * refused as a whole, so a half-registered plugin never runs.
 */
export class CommandRegistry {
  private readonly byName = new Map<string, RegisteredCommand>();

  registerBuiltin(definition: CommandDefinition<unknown>): void {
    this.add([{ owner: "host", builtin: true, definition }]);
  }

  /** Registers all of a plugin's commands, or none (throws CommandConflictError). */
  registerPlugin(owner: string, definitions: CommandDefinition<unknown>[]): void {
    this.add(definitions.map((definition) => ({ owner, builtin: false, definition })));
  }

  /** Removes a plugin's commands. Built-ins stay, even for a plugin that happens to be called "host". */
  unregisterOwner(owner: string): void {
    for (const [name, entry] of this.byName) if (entry.owner === owner && !entry.builtin) this.byName.delete(name);
  }

  find(name: string): RegisteredCommand | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Each command once (aliases folded), built-ins first. */
  all(): RegisteredCommand[] {
    const unique = [...new Set(this.byName.values())];
    return unique.sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.owner.localeCompare(b.owner));
  }

  ofOwner(owner: string): RegisteredCommand[] {
    return this.all().filter((c) => c.owner === owner);
  }

  private add(entries: RegisteredCommand[]): void {
    const claimed = new Map<string, RegisteredCommand>();
    for (const entry of entries) {
      for (const raw of [entry.definition.name, ...(entry.definition.aliases ?? [])] as unknown[]) {
        // Plain-JS plugins are not type-checked: a missing name must be refused, not crash.
        const name = typeof raw === "string" ? raw.toLowerCase() : "";
        if (!/^[a-z0-9_-]+$/.test(name))
          throw new CommandConflictError(`${JSON.stringify(raw) ?? "undefined"} is not a valid command name (a-z, 0-9, _ and -)`);
        const holder = this.byName.get(name) ?? claimed.get(name);
        if (holder) {
          const who = holder.builtin ? "a built-in command" : `plugin "${holder.owner}"`;
          throw new CommandConflictError(`command "${name}" is already taken by ${who}`);
        }
        claimed.set(name, entry);
      }
    }
    for (const [name, entry] of claimed) this.byName.set(name, entry);
  }
}
