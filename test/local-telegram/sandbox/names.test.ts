import { World, type SeededWorld } from "../../../local-telegram/world";
import { SandboxCommandError } from "../../../local-telegram/sandbox/errors";
import { methodClassName, rpcErrorCode } from "../../../local-telegram/sandbox/faults";
import { chatName, resolveChat, resolveUser } from "../../../local-telegram/sandbox/names";

describe("sandbox names", () => {
  let world: SeededWorld;
  beforeAll(async () => {
    world = await World.seeded();
  });

  it("should find users by @username, username, first name, full name and id", () => {
    const { alice, bob } = world.ids;
    for (const word of ["@alice", "ALICE", "Alice Liddell", `${alice}`]) expect(resolveUser(world, word).id).toBe(alice);
    expect(resolveUser(world, "bob").id).toBe(bob);
  });

  it("should find private chats, the group by title or id, and Saved Messages", () => {
    expect(resolveChat(world, "@carol")).toEqual({ userId: world.ids.carol });
    expect(resolveChat(world, "friends")).toEqual({ chatId: world.ids.friends });
    expect(resolveChat(world, `-${world.ids.friends}`)).toEqual({ chatId: world.ids.friends });
    expect(chatName(world, resolveChat(world, "saved"))).toBe("Saved Messages");
  });

  it("should name the known users when a name matches nothing", () => {
    expect(() => resolveUser(world, "dave")).toThrow(SandboxCommandError);
    expect(() => resolveUser(world, "dave")).toThrow(/No user "dave". Known: @alice, bob, @carol/);
    expect(() => resolveUser(world, "owner")).toThrow(/No user "owner"/);
    expect(() => resolveChat(world, "enemies")).toThrow(/No chat "enemies". Known: .*friends, saved/);
  });

  it("should ask for a username when a first name is shared", () => {
    world.addUser({ firstName: "Bob", lastName: "Two", phone: "12025550199" });
    expect(() => resolveUser(world, "bob")).toThrow(/"bob" matches Bob, Bob Two: use the @username or id/);
  });
});

describe("sandbox faults", () => {
  it("should map TL and GramJS spellings of a method to its class name", () => {
    expect(methodClassName("photos.uploadContactProfilePhoto")).toBe("photos.UploadContactProfilePhoto");
    expect(methodClassName("users.GetFullUser")).toBe("users.GetFullUser");
  });

  it("should refuse a name that is not a Telegram method", () => {
    for (const name of ["photos.nothing", "uploadContactProfilePhoto", "nope.getUsers", "a.b.c"]) {
      expect(() => methodClassName(name)).toThrow(/is not a Telegram method/);
    }
  });

  it("should give flood waits 420, revoked sessions 401, internal errors 500 and the rest 400", () => {
    expect(rpcErrorCode("FLOOD_WAIT_30")).toBe(420);
    expect(rpcErrorCode("SESSION_REVOKED")).toBe(401);
    expect(rpcErrorCode("INTERNAL_SERVER_ERROR")).toBe(500);
    expect(rpcErrorCode("CONTACT_MISSING")).toBe(400);
  });
});
