/**
 * The local Telegram server's own figures, which keep `npm test` fast:
 * connect (pre-shared key) per transport, the full auth-key exchange, one
 * RPC, an upload, and a pushed update reaching a handler.
 */
import { Api } from "telegram";
import { CustomFile } from "telegram/client/uploads";
import { Raw } from "telegram/events";
import { TestDc } from "../local-telegram/server";
import { World } from "../local-telegram/world";
import { closeTestClient, connectTestClient } from "../local-telegram/protocol/testClient";
import type { TransportName } from "../src/telegram/connection";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = (x: number, digits = 1) => x.toFixed(digits);

async function timeConnects(dc: TestDc, transport: TransportName, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const client = await connectTestClient(dc, { transport });
    times.push(performance.now() - started);
    await closeTestClient(client);
  }
  return times;
}

async function main() {
  const world = await World.seeded();
  const dc = await TestDc.start({ world, logLevel: "silent" });
  const rows: string[] = [];
  try {
    await closeTestClient(await connectTestClient(dc)); // warm-up: module loading and JIT
    for (const transport of ["full", "abridged", "obfuscated"] as const) {
      rows.push(`| connect, pre-shared key, ${transport} | ${f(median(await timeConnects(dc, transport, 10)))} ms | 10 |`);
    }

    const exchanges: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const client = await connectTestClient(dc, { session: "" });
      exchanges.push(performance.now() - started);
      await closeTestClient(client);
    }
    rows.push(`| connect with the full auth-key exchange (DH in GramJS's JavaScript) | ${f(median(exchanges))} ms | 3 |`);

    const client = await connectTestClient(dc);
    try {
      const rpc: number[] = [];
      for (let i = 0; i < 500; i++) {
        const started = performance.now();
        await client.invoke(new Api.updates.GetState());
        rpc.push(performance.now() - started);
      }
      rows.push(`| one RPC (updates.getState) | ${f(median(rpc), 2)} ms | 500 |`);

      const bytes = Buffer.alloc(12 * 1024 * 1024, 7);
      const started = performance.now();
      await client.uploadFile({ file: new CustomFile("big.bin", bytes.length, "", bytes), workers: 1 });
      rows.push(`| upload of 12 MiB from memory (saveBigFilePart, GramJS part size, one worker) | ${f(performance.now() - started, 0)} ms | 1 |`);

      const pushes: number[] = [];
      for (let i = 0; i < 50; i++) {
        const arrived = new Promise<number>((resolve) => {
          const handler = () => {
            client.removeEventHandler(handler, new Raw({}));
            resolve(performance.now());
          };
          client.addEventHandler(handler, new Raw({}));
        });
        const sent = performance.now();
        world.userSends(world.ids.alice, { text: `push ${i}` });
        pushes.push((await arrived) - sent);
      }
      rows.push(`| server push → GramJS event handler | ${f(median(pushes), 2)} ms | 50 |`);
    } finally {
      await closeTestClient(client);
    }
  } finally {
    await dc.stop();
  }
  console.log(`## Local Telegram server (local-telegram)

| figure | median | runs |
|---|---:|---:|
${rows.join("\n")}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
