import { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } from "telegram/network/connection";

export type TransportName = "full" | "abridged" | "obfuscated";

const transports = {
  full: ConnectionTCPFull,
  abridged: ConnectionTCPAbridged,
  obfuscated: ConnectionTCPObfuscated,
} as const;

export type ConnectionClass = (typeof transports)[TransportName];

/**
 * A GramJS connection class that always dials `host:port`.
 *
 * Why: GramJS ignores the port stored in the session. The main connection
 * dials port 80, the exported senders that carry uploads and downloads dial
 * the port from `help.getConfig` (443 in practice), and reconnects reuse the
 * first choice. The connection class is the one place every one of those
 * paths goes through, so forcing the address here covers all of them, for
 * Telegram's test servers as for a local server.
 */
export function pinnedConnection(transport: TransportName, host: string, port: number): ConnectionClass {
  const Base = transports[transport] as typeof ConnectionTCPFull;
  class PinnedConnection extends Base {
    constructor(params: ConstructorParameters<typeof ConnectionTCPFull>[0]) {
      super({ ...params, ip: host, port });
    }
  }
  return PinnedConnection as ConnectionClass;
}

/** GramJS's own choice when no server is pinned. */
export function defaultConnection(transport: TransportName): ConnectionClass {
  return transports[transport];
}
