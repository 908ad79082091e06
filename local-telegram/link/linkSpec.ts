/**
 * What a simulated link is like: round trip, bandwidth each way, jitter, and
 * a drop after so many bytes. Parsed from the short form users type
 * (`--link=80ms,20mbit`), so the sandbox, the bench and tests share one syntax.
 */

export interface LinkSpec {
  /** Round-trip time in ms (half of it each way). */
  readonly rttMs: number;
  /** Bits per second towards the server (client → server); Infinity for no limit. */
  readonly upBps: number;
  /** Bits per second towards the client (server → client); Infinity for no limit. */
  readonly downBps: number;
  /** Up to this many ms added at random to each chunk's one-way delay (order is kept, as TCP keeps it). */
  readonly jitterMs: number;
  /** Close the connection once this many bytes went towards the client (each connection counts its own). */
  readonly dropAfterBytes?: number;
}

export const NO_LINK: LinkSpec = { rttMs: 0, upBps: Infinity, downBps: Infinity, jitterMs: 0 };

export class LinkSpecError extends Error {
  override name = "LinkSpecError";
}

const UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 };

function parseRate(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(bit|kbit|mbit|gbit)$/i.exec(text);
  if (!match) throw new LinkSpecError(`"${text}" is not a bandwidth (e.g. 20mbit or 512kbit)`);
  const bps = Number(match[1]) * UNITS[match[2].toLowerCase()];
  if (!(bps > 0)) throw new LinkSpecError(`the bandwidth must be more than 0, got "${text}"`);
  return bps;
}

function parseMs(text: string, what: string): number {
  const match = /^(\d+(?:\.\d+)?)ms$/i.exec(text);
  if (!match) throw new LinkSpecError(`"${text}" is not a ${what} in ms (e.g. 80ms)`);
  return Number(match[1]);
}

function parseBytes(text: string): number {
  const match = /^(\d+)(b|kb|mb)?$/i.exec(text);
  if (!match) throw new LinkSpecError(`"${text}" is not a byte count (e.g. 300kb)`);
  const unit = { b: 1, kb: 1024, mb: 1024 * 1024 }[(match[2] ?? "b").toLowerCase() as "b" | "kb" | "mb"];
  return Number(match[1]) * unit;
}

/**
 * "80ms,20mbit" (same bandwidth both ways), "80ms,20mbit/5mbit" (down/up),
 * plus optional "jitter=10ms" and "drop=300kb". Every part is checked; an
 * unknown one is an error, not ignored.
 */
export function parseLinkSpec(text: string): LinkSpec {
  const parts = text
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new LinkSpecError('a link looks like "80ms,20mbit" (round trip, bandwidth)');
  let rttMs: number | undefined;
  let downBps = Infinity;
  let upBps = Infinity;
  let jitterMs = 0;
  let dropAfterBytes: number | undefined;
  for (const part of parts) {
    const [key, value] = part.includes("=") ? (part.split("=", 2) as [string, string]) : [undefined, part];
    if (key === "jitter") jitterMs = parseMs(value, "jitter");
    else if (key === "drop") dropAfterBytes = parseBytes(value);
    else if (key !== undefined) throw new LinkSpecError(`unknown link setting "${key}" (known: jitter=, drop=)`);
    else if (/ms$/i.test(value) && rttMs === undefined) rttMs = parseMs(value, "round trip");
    else if (/bit$/i.test(value)) {
      const [down, up] = value.split("/", 2) as [string, string | undefined];
      downBps = parseRate(down);
      upBps = up === undefined ? downBps : parseRate(up);
    } else throw new LinkSpecError(`"${value}" is neither a round trip (80ms) nor a bandwidth (20mbit)`);
  }
  return { rttMs: rttMs ?? 0, downBps, upBps, jitterMs, dropAfterBytes };
}

export function describeLink(spec: LinkSpec): string {
  const rate = (bps: number) => (bps === Infinity ? "unlimited" : bps >= 1e6 ? `${bps / 1e6} Mbit/s` : `${bps / 1e3} kbit/s`);
  const rates = spec.upBps === spec.downBps ? rate(spec.downBps) : `${rate(spec.downBps)} down, ${rate(spec.upBps)} up`;
  const extra = [spec.jitterMs ? `jitter ${spec.jitterMs} ms` : "", spec.dropAfterBytes !== undefined ? `drop after ${spec.dropAfterBytes} bytes` : ""].filter(
    Boolean,
  );
  return `${spec.rttMs} ms round trip, ${rates}${extra.length ? `, ${extra.join(", ")}` : ""}`;
}
