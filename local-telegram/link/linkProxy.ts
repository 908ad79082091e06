/**
 * A TCP proxy that makes a local connection behave like a real link: each
 * direction delays bytes by half the round trip (plus jitter), lets them
 * through no faster than its bandwidth, and keeps their order, as TCP does.
 * It can also drop the connection once so many bytes have gone towards the
 * client, to test what a transfer does when the network breaks mid-way.
 *
 * It sits in front of a TestDc: clients dial the proxy's port instead of the
 * server's. Nothing about MTProto is known here; it moves bytes.
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { NO_LINK, type LinkSpec } from "./linkSpec";

/** Bytes are paced in slices this big, so a large write spreads over time like packets. */
const SLICE_BYTES = 16 * 1024;
/** Stop reading from a sender once this much waits in a direction (a TCP window's job). */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

export interface LinkStats {
  /** Bytes that crossed the link towards the server, over all connections. */
  bytesUp: number;
  /** Bytes that crossed the link towards the client, over all connections. */
  bytesDown: number;
  connections: number;
  drops: number;
}

interface Slice {
  readonly bytes: Buffer;
  readonly arriveAt: number;
}

/** One direction of one connection: a paced, delayed, in-order queue. */
class Direction {
  private readonly queue: Slice[] = [];
  private queued = 0;
  private lineFreeAt = 0;
  private lastArrival = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly bps: number,
    private readonly oneWayMs: number,
    private readonly jitterMs: number,
    /** Called with each slice as it arrives; returns how many of its bytes may be delivered (fewer means drop now). */
    private readonly onArrive: (bytes: number) => number,
    private readonly onDropped: () => void,
  ) {}

  push(chunk: Buffer): void {
    const now = performance.now();
    for (let at = 0; at < chunk.length; at += SLICE_BYTES) {
      const bytes = chunk.subarray(at, at + SLICE_BYTES);
      const sendTime = this.bps === Infinity ? 0 : (bytes.length * 8 * 1000) / this.bps;
      const start = Math.max(now, this.lineFreeAt);
      this.lineFreeAt = start + sendTime;
      const jitter = this.jitterMs > 0 ? Math.random() * this.jitterMs : 0;
      const arriveAt = Math.max(this.lineFreeAt + this.oneWayMs + jitter, this.lastArrival);
      this.lastArrival = arriveAt;
      this.queue.push({ bytes, arriveAt });
      this.queued += bytes.length;
    }
    if (this.queued > HIGH_WATER_BYTES) this.from.pause();
    this.schedule();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || this.closed || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0].arriveAt - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.deliver();
    }, wait);
  }

  private deliver(): void {
    const now = performance.now();
    while (!this.closed && this.queue.length > 0 && this.queue[0].arriveAt <= now + 0.5) {
      const slice = this.queue.shift()!;
      this.queued -= slice.bytes.length;
      const allowed = this.onArrive(slice.bytes.length);
      if (allowed > 0) this.to.write(slice.bytes.subarray(0, allowed));
      if (allowed < slice.bytes.length) {
        this.onDropped();
        return;
      }
    }
    if (this.queued <= HIGH_WATER_BYTES / 2 && this.from.isPaused()) this.from.resume();
    this.schedule();
  }
}

export class LinkProxy {
  readonly stats: LinkStats = { bytesUp: 0, bytesDown: 0, connections: 0, drops: 0 };
  private readonly sockets = new Set<Socket>();
  private readonly directions = new Set<Direction>();
  /** Down bytes (over all connections) after which the connection carrying them is dropped, once. */
  private dropAtDown: number | undefined;
  private stopping: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    readonly host: string,
    readonly port: number,
    private readonly target: { host: string; port: number },
    public spec: LinkSpec,
  ) {
    server.on("connection", (client) => this.accept(client));
    if (spec.dropAfterBytes !== undefined) this.dropAfterDownBytes(spec.dropAfterBytes);
  }

  /** Listens on a free port of `host` (default 127.0.0.1) and forwards to `target`. */
  static async start(target: { host: string; port: number }, spec: LinkSpec = NO_LINK, host = "127.0.0.1"): Promise<LinkProxy> {
    const server = createServer({ noDelay: true });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, host, () => resolve());
    });
    return new LinkProxy(server, host, (server.address() as AddressInfo).port, target, spec);
  }

  /** Arms a single drop: the connection that carries the `bytes`-th byte (counted from now) towards the client is closed there. */
  dropAfterDownBytes(bytes: number): void {
    this.dropAtDown = this.stats.bytesDown + bytes;
  }

  get openConnections(): number {
    return this.sockets.size / 2;
  }

  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      for (const direction of this.directions) direction.close();
      for (const socket of this.sockets) socket.destroy();
      this.server.close(() => resolve());
    });
    return this.stopping;
  }

  private accept(client: Socket): void {
    if (this.stopping) {
      client.destroy();
      return;
    }
    this.stats.connections += 1;
    const upstream = connect({ host: this.target.host, port: this.target.port, noDelay: true });
    client.setNoDelay(true);
    this.sockets.add(client);
    this.sockets.add(upstream);
    const oneWay = this.spec.rttMs / 2;
    let dropped = false;
    const hangUp = () => {
      if (dropped) return;
      dropped = true;
      up.close();
      down.close();
      client.destroy();
      upstream.destroy();
    };
    const up = new Direction(
      client,
      upstream,
      this.spec.upBps,
      oneWay,
      this.spec.jitterMs,
      (n) => {
        this.stats.bytesUp += n;
        return n;
      },
      hangUp,
    );
    const down = new Direction(
      upstream,
      client,
      this.spec.downBps,
      oneWay,
      this.spec.jitterMs,
      (n) => {
        let allowed = n;
        if (this.dropAtDown !== undefined && this.stats.bytesDown + n >= this.dropAtDown) {
          allowed = Math.max(0, this.dropAtDown - this.stats.bytesDown);
          this.dropAtDown = undefined;
          this.stats.drops += 1;
        }
        this.stats.bytesDown += allowed;
        return allowed;
      },
      hangUp,
    );
    this.directions.add(up);
    this.directions.add(down);
    client.on("data", (chunk: Buffer) => up.push(chunk));
    upstream.on("data", (chunk: Buffer) => down.push(chunk));
    const closeBoth = () => {
      hangUp();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      this.directions.delete(up);
      this.directions.delete(down);
    };
    // A close on either side ends both, as a broken path would (after what was in flight is lost).
    client.on("close", closeBoth);
    upstream.on("close", closeBoth);
    client.on("error", () => undefined);
    upstream.on("error", () => undefined);
  }
}
