import { describeFailure, type CommandContext } from "contact-userbot/sdk";
import { explainTelegramError } from "../service/telegramErrors";
import type { Target, TargetResult } from "../targets";

/**
 * Runs `act` for each target in turn. With one target a failure is the
 * command's failure (the host's error boundary shows it); with several, each
 * target gets its own line (✅ or ⛔ and why) and one failure does not stop
 * the others. Targets that did not resolve are reported in their place.
 */
export async function forEachTarget(
  ctx: CommandContext<unknown>,
  targets: (Target | TargetResult)[],
  act: (target: Target) => Promise<string>,
): Promise<string[]> {
  const results: TargetResult[] = targets.map((t) => ("word" in t ? t : { word: t.name, target: t }));
  if (results.length === 1 && "error" in results[0]) throw results[0].error;
  const lines: string[] = [];
  for (const result of results) {
    const several = results.length > 1;
    if ("error" in result) {
      const report = describeFailure(result.error);
      if (report.unexpected) ctx.log.error(`${result.word}: could not resolve (ref ${report.refId})`, { err: result.error });
      lines.push(`⛔ ${result.word}: ${report.text}`);
      continue;
    }
    const target = result.target;
    try {
      const line = await act(target);
      lines.push(several ? `✅ ${line}` : line);
    } catch (err) {
      const explained = explainTelegramError(err, target.name);
      if (!several) throw explained;
      const report = describeFailure(explained);
      if (report.unexpected) ctx.log.error(`${target.name}: failed (ref ${report.refId})`, { err });
      lines.push(`⛔ ${target.name}: ${report.text}`);
    }
  }
  return lines;
}
