import { Api } from "telegram";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { long } from "../../../local-telegram/world/tl";
import { MethodHarness } from "../../../local-telegram/methods/harness";

describe("contacts methods", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  it("should resolve a username case-insensitively, with or without @", async () => {
    const resolved = await dc.call(new Api.contacts.ResolveUsername({ username: "@Carol" }));
    expect((resolved.peer as Api.PeerUser).userId.toString()).toBe(world.ids.carol.toString());
    expect((resolved.users[0] as Api.User).accessHash?.toString()).toBe(world.users.require(world.ids.carol).accessHash.toString());
  });

  it("should answer USERNAME_NOT_OCCUPIED and USERNAME_INVALID", async () => {
    expect(await dc.error(new Api.contacts.ResolveUsername({ username: "nobody_here" }))).toBe("USERNAME_NOT_OCCUPIED");
    expect(await dc.error(new Api.contacts.ResolveUsername({ username: "a b" }))).toBe("USERNAME_INVALID");
    expect(await dc.error(new Api.contacts.ResolveUsername({ username: "1abc" }))).toBe("USERNAME_INVALID");
  });

  it("should list contacts and add and delete one", async () => {
    const names = async () =>
      ((await dc.call(new Api.contacts.GetContacts({ hash: long(0n) }))) as Api.contacts.Contacts).users.map((u) => (u as Api.User).firstName).sort();
    expect(await names()).toEqual(["Alice", "Bob"]);
    const carol = dc.inputUser(world.ids.carol);
    await dc.call(new Api.contacts.AddContact({ id: carol, firstName: "Carol", lastName: "", phone: "" }));
    expect(await names()).toEqual(["Alice", "Bob", "Carol"]);
    await dc.call(new Api.contacts.DeleteContacts({ id: [carol] }));
    expect(await names()).toEqual(["Alice", "Bob"]);
  });
});
