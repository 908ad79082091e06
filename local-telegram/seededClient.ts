/**
 * What most tests of the local server start from: a fresh seeded world, the
 * server serving it, and a real GramJS client connected to it, under the
 * same time limit every such test used.
 */
import type { TelegramClient } from "telegram";
import { closeTestClient, connectTestClient, withTimeout } from "./protocol/testClient";
import { TestDc } from "./server";
import { World, type SeededWorld } from "./world";

export interface SeededClient {
  world: SeededWorld;
  dc: TestDc;
  client: TelegramClient;
}

export async function startSeededClient(): Promise<SeededClient> {
  const world = await World.seeded();
  const dc = await TestDc.start({ world, logLevel: "silent" });
  const client = await withTimeout(connectTestClient(dc), 5000, "connect");
  return { world, dc, client };
}

export async function stopSeededClient({ client, dc }: Pick<SeededClient, "client" | "dc">): Promise<void> {
  await closeTestClient(client);
  await dc.stop();
}
