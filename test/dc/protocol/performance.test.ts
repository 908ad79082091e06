import { Api } from "telegram";
import { TestDc } from "../server";
import { closeTestClient, connectTestClient, registerMinimalMethods, withTimeout } from "./testClient";

/**
 * Prints the figures the data center is meant to hit (connect with a
 * pre-shared key well under 50 ms, one RPC about 1 ms). The assertions are
 * ten times looser than the targets so a busy CI machine does not fail them.
 */
describe("TestDc performance", () => {
  it("should connect fast and answer an RPC in about a millisecond", async () => {
    const dc = await TestDc.start({ logLevel: "silent" });
    registerMinimalMethods(dc);
    try {
      // The first client warms up module loading and JIT; measure the next ones.
      await closeTestClient(await connectTestClient(dc));
      const connectTimes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        const client = await withTimeout(connectTestClient(dc), 5000, "connect");
        connectTimes.push(performance.now() - started);
        await closeTestClient(client);
      }
      const client = await withTimeout(connectTestClient(dc), 5000, "connect");
      const rpcTimes: number[] = [];
      try {
        for (let i = 0; i < 200; i++) {
          const started = performance.now();
          await client.invoke(new Api.help.GetConfig());
          rpcTimes.push(performance.now() - started);
        }
      } finally {
        await closeTestClient(client);
      }
      const connectMs = median(connectTimes);
      const rpcMs = median(rpcTimes);
      console.log(`test DC: connect (pre-shared key) median ${connectMs.toFixed(1)} ms; one RPC median ${rpcMs.toFixed(2)} ms`);
      expect(connectMs).toBeLessThan(500);
      expect(rpcMs).toBeLessThan(10);
    } finally {
      await dc.stop();
    }
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
