import { Api } from "telegram";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { MethodHarness } from "../../../local-telegram/methods/harness";

describe("help and updates methods", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  it("should list this DC at its real address in help.getConfig", async () => {
    world.setDc({ dcId: 2, host: "127.0.0.1", port: 40123 });
    const config = await dc.call(new Api.help.GetConfig());
    expect(config.thisDc).toBe(2);
    expect(config.dcOptions[0]).toMatchObject({ id: 2, ipAddress: "127.0.0.1", port: 40123 });
  });

  it("should replay new messages and edits since a pts, and nothing when up to date", async () => {
    const { pts } = await dc.call(new Api.updates.GetState());
    expect(await dc.call(new Api.updates.GetDifference({ pts, date: 0, qts: 0 }))).toBeInstanceOf(Api.updates.DifferenceEmpty);

    const incoming = world.userSends(world.ids.alice, { text: "ping" });
    world.account(world.ownerId).mailbox.edit(incoming.id, { text: "ping!" }, 0);
    const diff = (await dc.call(new Api.updates.GetDifference({ pts, date: 0, qts: 0 }))) as Api.updates.Difference;
    expect(diff.newMessages.map((m) => (m as Api.Message).message)).toEqual(["ping!"]);
    expect(diff.otherUpdates[0]).toBeInstanceOf(Api.UpdateEditMessage);
    expect(diff.state.pts).toBe(pts + 2);
    expect(diff.users.some((u) => (u as Api.User).username === "alice")).toBe(true);
  });
});
