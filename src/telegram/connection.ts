import { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } from "telegram/network/connection";

export type TransportName = "full" | "abridged" | "obfuscated";

const transports = {
  full: ConnectionTCPFull,
  abridged: ConnectionTCPAbridged,
  obfuscated: ConnectionTCPObfuscated,
} as const;

export type ConnectionClass = (typeof transports)[TransportName];

export interface DcAddress {
  host: string;
  port: number;
}

/** Called when a server answers -404: it does not know the auth key (GramJS only logs "Broken authorization key"). */
export type UnknownKeyWatch = (dcId: number) => void;

/** Telegram's transport error for an auth key it does not know. */
const UNKNOWN_AUTH_KEY = -404;

/**
 * A GramJS connection class that dials a fixed address for each DC: the DC's
 * own entry in `byDc`, or `home` for any DC not listed (so a single pinned
 * server keeps serving every DC, as before).
 *
 * Why: GramJS ignores the port stored in the session. The main connection
 * dials port 80, the exported senders that carry uploads and downloads (and
 * the ones for media on another DC) dial the address from `help.getConfig`
 * with port 443, and reconnects reuse the first choice. The connection class
 * is the one place every one of those paths goes through, and it is told the
 * DC id, so forcing the address here covers all of them, for Telegram's test
 * servers as for a local server.
 */
export function pinnedConnection(
  transport: TransportName,
  home: DcAddress,
  byDc: ReadonlyMap<number, DcAddress> = new Map(),
  onUnknownKey?: UnknownKeyWatch,
): ConnectionClass {
  const Base = watched(transports[transport] as typeof ConnectionTCPFull, onUnknownKey);
  class PinnedConnection extends Base {
    constructor(params: ConstructorParameters<typeof ConnectionTCPFull>[0]) {
      const target = byDc.get(params.dcId) ?? home;
      super({ ...params, ip: target.host, port: target.port });
    }
  }
  return PinnedConnection;
}

/** GramJS's choice of address when no server is pinned. */
export function defaultConnection(transport: TransportName, onUnknownKey?: UnknownKeyWatch): ConnectionClass {
  return watched(transports[transport] as typeof ConnectionTCPFull, onUnknownKey);
}

/**
 * The transport as GramJS has it, but telling `onUnknownKey` about a -404.
 * GramJS reacts to one by logging and then waiting: its "broken" state
 * reaches event handlers only after a getMe() that cannot succeed, so a
 * session the server does not know would hang until a request's time limit.
 */
function watched(Base: typeof ConnectionTCPFull, onUnknownKey: UnknownKeyWatch | undefined): typeof ConnectionTCPFull {
  if (!onUnknownKey) return Base;
  const report = onUnknownKey;
  class WatchedConnection extends Base {
    override async recv(): Promise<Buffer> {
      // GramJS types what a connection receives as any: it is the packet's bytes.
      const packet = (await super.recv()) as Buffer;
      if (packet.length === 4 && packet.readInt32LE(0) === UNKNOWN_AUTH_KEY) report(this._dcId);
      return packet;
    }
  }
  return WatchedConnection;
}

/** A failed connect in a few words: Node's socket error codes, or the error's own message. */
export function describeConnectError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset",
    ETIMEDOUT: "timed out",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ENOTFOUND: "host not found",
    EAI_AGAIN: "name lookup failed (DNS)",
  };
  if (typeof code === "string" && known[code]) return known[code];
  return err instanceof Error ? err.message : String(err);
}
