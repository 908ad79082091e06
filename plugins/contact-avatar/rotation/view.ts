/** How rotations are shown in the chat (`.rotation list` and `.rotation show`). */
import { formatDuration } from "contact-userbot/sdk";
import { listImages } from "./sources";
import { formatLocal } from "./schedule";
import type { RotationManager } from "./rotationManager";
import type { RotationRecord } from "./state";

function originTag(record: RotationRecord): string {
  return record.definition.origin === "config" ? "config" : "chat";
}

function sourceText(record: RotationRecord, manager: RotationManager): string {
  return record.definition.source.kind === "folder" ? `folder ${record.definition.source.path}` : `pool ${manager.dirOf(record)}`;
}

function nextText(record: RotationRecord, manager: RotationManager): string {
  if (record.state.paused) return `paused: ${record.state.paused.reason}`;
  const wait = manager.pendingWait(record.id);
  if (wait) {
    return `⏳ waiting: Telegram asks to wait ${formatDuration(wait.seconds)}; the change will be made at ${formatLocal(wait.until, record.definition.schedule.timezone)} (.rotation drop ${record.id} drops it)`;
  }
  const next = manager.nextRun(record.id);
  return next ? `next ${formatLocal(next, record.definition.schedule.timezone)}` : "no next run";
}

/** One line per rotation, then the declared ones that could not be set up. */
export function listText(manager: RotationManager): string {
  const records = manager.list();
  const problems = manager.declaredProblems();
  if (records.length === 0 && problems.length === 0)
    return "No rotations yet. Start one with .rotation add @user daily 09:00 --folder=<path>, or reply to photos with .rotation add @user.";
  const lines = records.map((r) => {
    const d = r.definition;
    return `${r.state.paused ? "⏸" : "▶️"} ${d.target.name} [${originTag(r)}]: ${d.schedule.text}, ${d.source.kind}, ${d.order}; ${nextText(r, manager)}`;
  });
  for (const p of problems) lines.push(`⚠️ ${p.target} [config]: not set up: ${p.problem}`);
  return [`Rotations (${records.length}):`, ...lines].join("\n");
}

/** Everything about one rotation. */
export async function showText(record: RotationRecord, manager: RotationManager): Promise<string> {
  const d = record.definition;
  const s = record.state;
  const images = await listImages(manager.dirOf(record), { missingIsEmpty: true });
  const last = s.lastRun ? `${s.lastRun.ok ? "✅" : "⛔"} ${s.lastRun.text} (${formatLocal(new Date(s.lastRun.at), d.schedule.timezone)})` : "none yet";
  const lines = [
    `Rotation for ${d.target.name} (user ${record.id}), declared in ${originTag(record) === "config" ? "the config" : "the chat"}`,
    `Schedule: ${d.schedule.text}${d.schedule.text !== d.schedule.cron ? ` (cron ${d.schedule.cron})` : ""}, time zone ${d.schedule.timezone}`,
    `State: ${nextText(record, manager)}`,
    `Images: ${images.length} in the ${sourceText(record, manager)}, ${d.order} order`,
    `Position: ${s.position.lastShown ? `last shown ${s.position.lastShown}` : "nothing shown yet"}${d.order === "shuffle" && s.position.cycle ? `, ${s.position.cycle.length} left in this cycle` : ""}; ${s.runs} changes so far`,
    `Last run: ${last}`,
  ];
  if (s.failures > 0) lines.push(`Failures in a row: ${s.failures}`);
  if (s.skipped.length > 0)
    lines.push(
      `Skipped files: ${s.skipped
        .slice(-5)
        .map((k) => `${k.name} (${k.reason})`)
        .join("; ")}`,
    );
  return lines.join("\n");
}
