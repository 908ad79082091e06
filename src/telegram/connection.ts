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
export function pinnedConnection(transport: TransportName, home: DcAddress, byDc: ReadonlyMap<number, DcAddress> = new Map()): ConnectionClass {
  const Base = transports[transport] as typeof ConnectionTCPFull;
  class PinnedConnection extends Base {
    constructor(params: ConstructorParameters<typeof ConnectionTCPFull>[0]) {
      const target = byDc.get(params.dcId) ?? home;
      super({ ...params, ip: target.host, port: target.port });
    }
  }
  return PinnedConnection as ConnectionClass;
}

/** GramJS's own choice when no server is pinned. */
export function defaultConnection(transport: TransportName): ConnectionClass {
  return transports[transport];
}
