import { Api } from "telegram";
import { World, type SeededWorld } from "../../../local-telegram/world";
import { MethodHarness } from "../../../local-telegram/methods/harness";

describe("users methods", () => {
  let world: SeededWorld;
  let dc: MethodHarness;
  beforeEach(async () => {
    world = await World.seeded();
    dc = new MethodHarness(world);
  });

  const inputUser = (id: bigint, hash?: bigint) => dc.inputUser(id, hash);

  it("should answer getMe (inputUserSelf) with the owner marked self", async () => {
    const [me] = await dc.call(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    expect(me).toBeInstanceOf(Api.User);
    const user = me as Api.User;
    expect(user.self).toBe(true);
    expect(user.username).toBe("owner");
    expect(user.id.toString()).toBe(world.ownerId.toString());
  });

  it("should answer 401 AUTH_KEY_UNREGISTERED before a login", async () => {
    expect(await dc.error(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }), dc.as(undefined))).toBe("AUTH_KEY_UNREGISTERED");
  });

  it("should leave out users whose access hash is wrong", async () => {
    const users = await dc.call(new Api.users.GetUsers({ id: [inputUser(world.ids.alice), inputUser(world.ids.bob, 42n)] }));
    expect(users.map((u) => (u as Api.User).firstName)).toEqual(["Alice"]);
  });

  it("should show contacts as contacts with their phone, and hide a non-contact's phone", async () => {
    const [alice, carol] = (await dc.call(new Api.users.GetUsers({ id: [inputUser(world.ids.alice), inputUser(world.ids.carol)] }))) as Api.User[];
    expect(alice.contact).toBe(true);
    expect(alice.mutualContact).toBe(true);
    expect(alice.phone).toBe("14155550101");
    expect(carol.contact).toBeFalsy();
    expect(carol.phone).toBeNull();
  });

  it("should give the full user with her own profile photo and no personal photo", async () => {
    const full = await dc.call(new Api.users.GetFullUser({ id: inputUser(world.ids.alice) }));
    const photo = full.fullUser.profilePhoto as Api.Photo;
    expect(photo.id.toString()).toBe(world.ids.photos.aliceProfile.toString());
    expect(full.fullUser.personalPhoto).toBeNull();
    expect(full.users).toHaveLength(1);
    expect((full.users[0] as Api.User).photo).toBeInstanceOf(Api.UserProfilePhoto);
  });

  it("should refuse a full user with a wrong access hash with USER_ID_INVALID", async () => {
    expect(await dc.error(new Api.users.GetFullUser({ id: inputUser(world.ids.alice, 1n) }))).toBe("USER_ID_INVALID");
  });

  it("should render a deleted account as deleted, without a name", async () => {
    const [deleted] = (await dc.call(new Api.users.GetUsers({ id: [inputUser(world.ids.deletedUser)] }))) as Api.User[];
    expect(deleted.deleted).toBe(true);
    expect(deleted.firstName).toBeNull();
  });
});
