/**
 * The fault suite's machinery (issue 10): the faults, the contact-avatar
 * flows, one case (a fault on one call of one flow) run against the real
 * host and the local server, and the table of what happened.
 *
 * Time is a ManualClock: a flood wait within the cap, the pause before a
 * 500 is retried and a request timeout pass when the case says so, never on
 * the wall clock. What the owner was told is compared with what the server
 * holds after each case.
 */
import type { FaultAction } from "../../local-telegram/protocol/faults";
import { withTimeout } from "../../local-telegram/protocol/testClient";
import type { SeededHost } from "../../local-telegram/runningHost";
import type { ManualClock } from "../../src/telegram/manualClock";

export const CAP_SECONDS = 60;
export const REQUEST_TIMEOUT_SECONDS = 30;

export interface Fault {
  name: string;
  /** What the table's column says. */
  label: string;
  action: FaultAction;
  /** Only for calls that change something on the server (for a read, "applied" changes nothing: it is a drop before the answer). */
  writesOnly?: boolean;
}

/** The calls of the flows that change what the server holds. */
export const WRITES = new Set(["photos.UploadContactProfilePhoto", "upload.SaveFilePart", "messages.EditMessage"]);

export const FAULTS: Fault[] = [
  { name: "flood-short", label: "FLOOD_WAIT_5 (under the cap)", action: { rpcError: [420, "FLOOD_WAIT_5"] } },
  { name: "flood-long", label: "FLOOD_WAIT_3600 (over the cap)", action: { rpcError: [420, "FLOOD_WAIT_3600"] } },
  { name: "500", label: "500 INTERNAL_SERVER_ERROR once", action: { rpcError: [500, "INTERNAL_SERVER_ERROR"] } },
  { name: "drop-before", label: "drop before the answer", action: { drop: "before" } },
  { name: "drop-after", label: "drop after the answer", action: { drop: "after" } },
  { name: "no-answer", label: "no answer (not applied)", action: { noAnswer: true } },
  { name: "lost-answer", label: "applied, answer lost", action: { lostAnswer: true } },
  { name: "drop-applied", label: "applied, then drop before the answer", action: { drop: "applied" }, writesOnly: true },
];

/** What one flow changes on the server, read before and after a case. */
export interface Flow {
  name: string;
  command: string;
  replyTo?: (host: SeededHost) => number;
  /** Puts the world in the state the flow starts from. */
  prepare(host: SeededHost): void;
  /** How many changes the server holds since `before` (a snapshot from `snapshot`). */
  snapshot(host: SeededHost): unknown;
  changes(host: SeededHost, before: unknown): number;
  /** The answer of a success. */
  success: RegExp;
}

const personalOf = (host: SeededHost) => host.world.photoState(host.world.ids.alice).personal?.id;

export const FLOWS: Flow[] = [
  {
    name: ".setpfp",
    command: ".setpfp",
    replyTo: (host) => host.world.ids.aliceChat.photoMessage,
    prepare: () => undefined,
    snapshot: personalOf,
    changes: (host, before) => (personalOf(host) !== before ? 1 : 0),
    success: /^Personal photo set for Alice Liddell/,
  },
  {
    name: ".suggestpfp",
    command: ".suggestpfp",
    replyTo: (host) => host.world.ids.aliceChat.photoMessage,
    prepare: () => undefined,
    snapshot: (host) => host.world.photoState(host.world.ids.alice).suggested.length,
    changes: (host, before) => host.world.photoState(host.world.ids.alice).suggested.length - (before as number),
    success: /^Photo suggested to Alice Liddell/,
  },
  {
    name: ".resetpfp",
    command: ".resetpfp",
    prepare: (host) => host.world.setPersonalPhoto(host.world.ownerId, host.world.ids.alice, host.world.ids.photos.alicePhotoMessage),
    snapshot: personalOf,
    changes: (host) => (personalOf(host) === undefined ? 1 : 0),
    success: /^Personal photo removed for Alice Liddell/,
  },
  {
    name: ".rotation next",
    command: ".rotation next @alice",
    prepare: () => undefined,
    snapshot: personalOf,
    changes: (host, before) => (personalOf(host) !== before ? 1 : 0),
    success: /^Rotation for Alice Liddell: now showing /,
  },
];

export type Told = "success" | "failure" | "unclear" | "stuck";

export interface CaseResult {
  flow: string;
  /** Telegram's method (GramJS's className), and which of its calls in the flow was hit. */
  method: string;
  nth: number;
  fault: string;
  /** False when the flow made fewer calls of the method this time (nothing was injected). */
  reached: boolean;
  told: Told;
  text: string;
  changes: number;
  /** The command's message showed a long wait (and the case then dropped the change). */
  waitShown: boolean;
  agree: boolean;
  /** Wall-clock time of the case. */
  ms: number;
}

export function classify(flow: Flow, text: string): Told {
  if (flow.success.test(text)) return "success";
  if (/may or may not/.test(text)) return "unclear";
  if (text === flow.command || /…$/.test(text) || /^⏳/.test(text)) return "stuck";
  return "failure";
}

/** A success made exactly one change; a failure none; an unclear answer says it does not know. */
export function agrees(told: Told, changes: number): boolean {
  if (changes > 1 || changes < 0) return false;
  if (told === "success") return changes === 1;
  if (told === "failure") return changes === 0;
  return told === "unclear";
}

const realTick = (ms = 15) => new Promise((r) => setTimeout(r, ms));

export interface Runner {
  /** The calls one clean run of the flow makes, in order (GramJS classNames). */
  cleanCalls(flow: Flow): Promise<string[]>;
  run(flow: Flow, method: string, nth: number, fault: Fault): Promise<CaseResult>;
}

/**
 * Runs cases on one host: the ManualClock moves when the pipeline waits
 * (a flood wait within the cap, the pause before a 500's retry) and when a
 * call got no answer (by the request timeout); a change waiting out a long
 * wait is dropped with `.rotation drop` once its message shows the wait.
 */
export function runner(host: SeededHost, clock: ManualClock): Runner {
  const { world, dc, running } = host;
  const pipeline = running.telegram.pipeline;
  pipeline.onWait((wait) => setImmediate(() => clock.advance(Math.max(0, wait.until.getTime() - clock.now()))));
  pipeline.onRetry((_method, _err, pauseMs) => setImmediate(() => clock.advance(pauseMs)));
  const alice = () => ({ userId: world.ids.alice });

  async function command(text: string, replyTo?: number, onTick?: (id: number) => Promise<void>): Promise<{ id: number; text: string; stuck: boolean }> {
    const sent = world.ownerSends(alice(), { text, replyTo });
    let finished = false;
    const done = running.handled(sent.id, 60000).then(() => (finished = true));
    const limit = Date.now() + 20000;
    while (!finished && Date.now() < limit) {
      await Promise.race([done, realTick()]);
      if (!finished && onTick) await onTick(sent.id);
    }
    const replies = world.history(alice()).filter((m) => m.replyToId === sent.id && m.out && !m.action);
    const last = replies.at(-1)?.text ?? world.message(sent.id)?.text ?? "";
    return { id: sent.id, text: last, stuck: !finished };
  }

  async function resetBetweenCases(): Promise<void> {
    dc.faults.clear();
    // Flood memory and any wait left are on the clock: two hours on, the next case starts clean.
    clock.advance(2 * 3_600_000);
    // After a dropped connection: the next command's update must reach a connected client.
    const ping = running.telegram.ping().then(
      () => true,
      () => false,
    );
    // At most 5 s (withTimeout clears its timer, so none is left to hold the test process up); a ping that never answers is no failure here.
    await withTimeout(ping, 5000, "the ping between cases").catch(() => undefined);
  }

  return {
    async cleanCalls(flow) {
      await resetBetweenCases();
      flow.prepare(host);
      const since = dc.calls.length;
      const answer = await command(flow.command, flow.replyTo?.(host));
      if (!flow.success.test(answer.text)) throw new Error(`clean run of ${flow.name} did not succeed: ${answer.text}`);
      return dc.calls.all.slice(since).map((c) => c.method);
    },

    async run(flow, method, nth, fault) {
      const caseStart = Date.now();
      await resetBetweenCases();
      flow.prepare(host);
      const before = flow.snapshot(host);
      const since = dc.calls.length;
      dc.faults.add({ method, nth, action: fault.action });
      const advanced = new Set<number>();
      let waitShown = false;
      const answer = await command(flow.command, flow.replyTo?.(host), async (id) => {
        // Silence: the request times out once the timeout has passed on the clock.
        for (const call of dc.calls.all.slice(since)) {
          if (advanced.has(call.index) || !/no answer|answer lost/.test(call.error ?? "")) continue;
          advanced.add(call.index);
          clock.advance(REQUEST_TIMEOUT_SECONDS * 1000 + 1);
        }
        // A long wait shown in the message: the owner drops the change.
        if (!waitShown && /^⏳/.test(world.message(id)?.text ?? "")) {
          waitShown = true;
          await command(".rotation drop @alice");
        }
      });
      const reached = dc.calls.all.slice(since).filter((c) => c.method === method).length >= nth;
      const told: Told = answer.stuck ? "stuck" : classify(flow, answer.text);
      const changes = flow.changes(host, before);
      return {
        flow: flow.name,
        method,
        nth,
        fault: fault.name,
        reached,
        told,
        text: answer.text,
        changes,
        waitShown,
        agree: agrees(told, changes),
        ms: Date.now() - caseStart,
      };
    },
  };
}

/** The faults × flows table, one row per call of a flow, in Markdown. */
export function matrixMarkdown(results: CaseResult[], seconds: number): string {
  const lines: string[] = [
    "# Fault matrix: contact-avatar flows under injected faults",
    "",
    "Generated by `npm run faults` (test/faults/faultMatrix.test.ts): the real host and GramJS against",
    "the local Telegram server, one fault injected into one call of one flow per case, time on a",
    `ManualClock (flood-wait cap ${CAP_SECONDS} s, request timeout ${REQUEST_TIMEOUT_SECONDS} s). After each case the server's state`,
    "(Alice's personal photo, the suggestion messages in her chat) is compared with the command's final answer.",
    "",
    "Cell: what the owner was told / what the server holds. ✅ success and changed once; ⛔ failure and nothing",
    "changed; ⏳ the message showed the long wait and the owner dropped the change (`.rotation drop`);",
    "❔ the answer says it cannot tell; ❌ told and server disagree; · the flow made no such call this time;",
    '– not run ("applied, then drop" only for calls that change something; for a read it is a drop before the answer).',
    "",
    `| flow | call (nth in the flow) | ${FAULTS.map((f) => f.label).join(" | ")} |`,
    `|---|---|${FAULTS.map(() => "---").join("|")}|`,
  ];
  const rows = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = `${r.flow}\u0000${r.method}\u0000${r.nth}`;
    rows.set(key, [...(rows.get(key) ?? []), r]);
  }
  for (const [key, row] of rows) {
    const [flow, method, nth] = key.split("\u0000");
    const cells = FAULTS.map((f) => cell(row.find((r) => r.fault === f.name)));
    lines.push(`| ${flow} | ${tlName(method)} (${nth}) | ${cells.join(" | ")} |`);
  }
  const total = results.filter((r) => r.reached);
  const bad = total.filter((r) => !r.agree);
  lines.push("", `${total.length} cases reached, ${bad.length} disagreeing; the run took ${seconds.toFixed(1)} s.`, "", "## What the owner was told", "");
  const seen = new Set<string>();
  for (const r of total) {
    const text = r.text
      .replace(/\(ref [0-9a-f]+\)/, "(ref …)")
      .replace(/\d+(\.\d+)? (ms|s), /, "")
      .replace(/, [\d.]+ (ms|s)\)/, ")");
    const key = `${r.flow}|${r.method}|${r.fault}|${r.told}|${text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(
      `- ${r.flow}, ${tlName(r.method)} × ${r.fault}${r.waitShown ? " (wait shown, then dropped)" : ""}: ${r.told}, ${r.changes} change(s): “${text}”`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function cell(r: CaseResult | undefined): string {
  if (!r) return "–";
  if (!r.reached) return "·";
  if (!r.agree) return `❌ told ${r.told}, ${r.changes} change(s)`;
  if (r.waitShown) return "⏳ shown, dropped";
  if (r.told === "unclear") return "❔";
  return r.told === "success" ? "✅" : "⛔";
}

/** "photos.UploadContactProfilePhoto" → "photos.uploadContactProfilePhoto", as Telegram's docs spell it. */
function tlName(className: string): string {
  const dot = className.indexOf(".");
  return dot < 0 ? className : className.slice(0, dot + 1) + className.charAt(dot + 1).toLowerCase() + className.slice(dot + 2);
}
