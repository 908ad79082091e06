import { describeFailure } from "../../../src/commands/failure";
import type { CommandContext } from "../../../src/commands/types";
import { explainTelegramError } from "../service/telegramErrors";
import type { Target } from "../targets";

/**
 * Runs `act` for each target in turn. With one target a failure is the
 * command's failure (the host's error boundary shows it); with several, each
 * target gets its own line and one failure does not stop the others.
 */
export async function forEachTarget(
  ctx: CommandContext<unknown>,
  targets: Target[],
  act: (target: Target) => Promise<string>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const target of targets) {
    try {
      lines.push(await act(target));
    } catch (err) {
      const explained = explainTelegramError(err, target.name);
      if (targets.length === 1) throw explained;
      const report = describeFailure(explained);
      if (report.unexpected) ctx.log.error(`${target.name}: failed (ref ${report.refId})`, { err });
      lines.push(`⛔ ${target.name}: ${report.text}`);
    }
  }
  return lines;
}
