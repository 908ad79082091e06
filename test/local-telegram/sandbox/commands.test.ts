import { parseCommand, usageLines } from "../../../local-telegram/sandbox/commands";
import { SandboxCommandError } from "../../../local-telegram/sandbox/errors";

function errorOf(line: string): string {
  try {
    parseCommand(line);
  } catch (err) {
    expect(err).toBeInstanceOf(SandboxCommandError);
    return (err as Error).message;
  }
  throw new Error(`"${line}" parsed without an error`);
}

describe("sandbox command parsing", () => {
  it("should treat a line without a leading slash as text the owner sends", () => {
    expect(parseCommand("  .setpfp @alice --crop=fit ")).toEqual({ kind: "send", content: { kind: "text", text: ".setpfp @alice --crop=fit" } });
  });

  it("should send a double slash line as text starting with one slash", () => {
    expect(parseCommand("//start now")).toEqual({ kind: "send", content: { kind: "text", text: "/start now" } });
    expect(parseCommand("/as alice //start")).toMatchObject({ as: "alice", content: { kind: "text", text: "/start" } });
  });

  it("should ignore blank lines and comments", () => {
    expect(parseCommand("")).toEqual({ kind: "nothing" });
    expect(parseCommand("   # a note")).toEqual({ kind: "nothing" });
  });

  it("should combine /as and /reply in either order with text, photos and files", () => {
    expect(parseCommand("/as alice /reply 12 hello there")).toEqual({ kind: "send", as: "alice", replyTo: 12, content: { kind: "text", text: "hello there" } });
    expect(parseCommand("/reply 12 /as @carol /photo cat.jpg my cat")).toEqual({
      kind: "send",
      as: "@carol",
      replyTo: 12,
      content: { kind: "photo", path: "cat.jpg", caption: "my cat" },
    });
    expect(parseCommand('/file "my files/a b.png"')).toEqual({ kind: "send", content: { kind: "file", path: "my files/a b.png", caption: "" } });
  });

  it("should parse the inspection commands", () => {
    expect(parseCommand("/chat friends")).toEqual({ kind: "chat", target: "friends" });
    expect(parseCommand("/history")).toEqual({ kind: "history", limit: 20 });
    expect(parseCommand("/history 5")).toEqual({ kind: "history", limit: 5 });
    expect(parseCommand("/photo-state @alice")).toEqual({ kind: "photoState", user: "@alice" });
    expect(parseCommand("/save-photo alice own out.jpg")).toEqual({ kind: "savePhoto", user: "alice", slot: "original", path: "out.jpg", size: undefined });
    expect(parseCommand("/save-photo alice suggested out.jpg uploaded")).toMatchObject({ slot: "suggested", size: "uploaded" });
    expect(parseCommand("/fail photos.uploadContactProfilePhoto FLOOD_WAIT_30 2")).toEqual({
      kind: "fail",
      method: "photos.uploadContactProfilePhoto",
      error: "FLOOD_WAIT_30",
      times: 2,
    });
    expect(parseCommand("/QUIT")).toEqual({ kind: "quit" });
    expect(parseCommand("/save-photo alice personal clip.mp4 video")).toMatchObject({ slot: "personal", size: "video" });
    expect(parseCommand("/reply last .setpfp")).toMatchObject({ kind: "send", replyTo: "last" });
  });

  it("should parse /expect as text, or as a regular expression between slashes", () => {
    expect(parseCommand("/expect Personal photo set for Bob")).toEqual({ kind: "expect", text: "Personal photo set for Bob" });
    const regex = parseCommand("/expect /set for (Bob|Alice)/i");
    expect(regex).toMatchObject({ kind: "expect", text: "/set for (Bob|Alice)/i" });
    expect((regex as { pattern: RegExp }).pattern.test("SET FOR alice")).toBe(true);
  });

  it("should refuse bad input with a message and the usage line", () => {
    expect(errorOf("/bogus")).toMatch(/Unknown sandbox command \/bogus.*\/help/);
    expect(errorOf("/reply x hi")).toBe('"x" is not a message id (see /history) or "last".\nUsage: /reply <id>|last <message>');
    expect(errorOf("/expect")).toMatch(/^\/expect needs the text the answer must contain\.\nUsage: \/expect/);
    expect(errorOf("/expect /a(b/")).toMatch(/is not a regular expression/);
    expect(errorOf("/reply 12")).toMatch(/^Nothing to send\.\nUsage: \/reply/);
    expect(errorOf("/as alice")).toMatch(/^Nothing to send\.\nUsage: \/as/);
    expect(errorOf("/photo")).toMatch(/needs a file path/);
    expect(errorOf("/as alice /history")).toMatch(/\/history cannot be sent here/);
    expect(errorOf("/history 0")).toMatch(/"0" is not a number from 1 to 500/);
    expect(errorOf("/chat alice bob")).toMatch(/exactly one/);
    expect(errorOf("/save-photo alice best out.jpg")).toMatch(/"best" is not a photo: use personal, suggested, original, fallback/);
    expect(errorOf("/save-photo alice personal")).toMatch(/needs a user, which photo/);
    expect(errorOf('/photo "unclosed.jpg')).toMatch(/Unclosed "/);
    expect(errorOf("/fail users.getUsers flood")).toMatch(/not an RPC error name/);
    expect(errorOf("/help me")).toMatch(/takes no arguments/);
  });

  it("should align the help's syntax column", () => {
    const lines = usageLines();
    const column = lines[0].search(/ {2}\S/);
    for (const line of lines) expect(line.slice(column, column + 2)).toBe("  ");
    expect(lines.some((line) => line.startsWith("/save-photo"))).toBe(true);
  });
});
