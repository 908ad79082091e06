/**
 * The link simulator on plain TCP: an echo server behind it. Timing checks
 * are lower bounds only (a busy machine can be slower, never faster than the link).
 */
import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";
import { LinkProxy } from "../../../local-telegram/link/linkProxy";
import { parseLinkSpec } from "../../../local-telegram/link/linkSpec";

describe("LinkProxy", () => {
  let echo: Server;
  let proxy: LinkProxy | undefined;
  let client: Socket | undefined;

  beforeEach(async () => {
    echo = createServer((socket) => socket.pipe(socket));
    await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", () => resolve()));
  });

  afterEach(async () => {
    client?.destroy();
    await proxy?.stop();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  const open = async (spec: string) => {
    proxy = await LinkProxy.start({ host: "127.0.0.1", port: (echo.address() as AddressInfo).port }, parseLinkSpec(spec));
    client = connect({ host: proxy.host, port: proxy.port });
    await new Promise<void>((resolve) => client!.once("connect", () => resolve()));
    return client;
  };

  /** Resolves with everything received once `bytes` have arrived, or the socket closed. */
  const receive = (socket: Socket, bytes: number) =>
    new Promise<{ data: Buffer; closed: boolean }>((resolve) => {
      const chunks: Buffer[] = [];
      let length = 0;
      socket.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= bytes) resolve({ data: Buffer.concat(chunks), closed: false });
      });
      socket.on("close", () => resolve({ data: Buffer.concat(chunks), closed: true }));
    });

  it("should delay a round trip by at least the link's RTT", async () => {
    const socket = await open("60ms,1gbit");
    const started = performance.now();
    const answer = receive(socket, 5);
    socket.write("hello");
    expect((await answer).data.toString()).toBe("hello");
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
  });

  it("should pass bytes no faster than the bandwidth, and count them each way", async () => {
    const socket = await open("0ms,10mbit");
    const payload = Buffer.alloc(125_000, 7); // 1 Mbit: 100 ms at 10 Mbit/s (the echo overlaps with the way up)
    const started = performance.now();
    const answer = receive(socket, payload.length);
    socket.write(payload);
    expect((await answer).data.equals(payload)).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(99);
    expect(proxy!.stats).toMatchObject({ bytesUp: payload.length, bytesDown: payload.length, connections: 1 });
  });

  it("should keep the byte order under jitter", async () => {
    const socket = await open("10ms,1gbit,jitter=20ms");
    const payload = Buffer.from(Array.from({ length: 3000 }, (_, i) => i % 251));
    const answer = receive(socket, payload.length);
    for (let at = 0; at < payload.length; at += 100) socket.write(payload.subarray(at, at + 100));
    expect((await answer).data.equals(payload)).toBe(true);
  });

  it("should drop the connection after the armed number of bytes towards the client, once", async () => {
    const socket = await open("0ms,1gbit");
    proxy!.dropAfterDownBytes(1000);
    const answer = receive(socket, 4000);
    socket.write(Buffer.alloc(4000, 1));
    const { data, closed } = await answer;
    expect(closed).toBe(true);
    expect(data.length).toBe(1000);
    expect(proxy!.stats.drops).toBe(1);
  });
});
