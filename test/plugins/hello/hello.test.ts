/**
 * plugins/hello, tested as docs/PLUGINS.md shows plugin authors: through
 * contact-userbot/sdk/testing (the real host against the local Telegram server).
 */
import { testHost, type TestHost } from "contact-userbot/sdk/testing";
import hello from "../../../plugins/hello";

describe("plugins/hello", () => {
  let bot: TestHost;

  beforeAll(async () => {
    bot = await testHost({ plugins: [hello], settings: { hello: { greeting: "Hi" } } });
  });
  afterAll(() => bot?.stop());

  it("should greet with the configured word and count the greetings", async () => {
    const first = await bot.command(".hello Alice");
    expect(first.text).toBe("Hi, Alice! (greeting #1)");
    // The owner's command message was edited into the answer, through the server.
    expect(first.calls.map((c) => c.method)).toContain("messages.EditMessage");
    expect((await bot.command('.hi "Alice and Bob" --shout')).text).toBe("HI, ALICE AND BOB! (GREETING #2)");
  });

  it("should answer a missing name with the question and the usage line", async () => {
    expect((await bot.command(".hello")).text).toBe("Whom should I greet?\nUsage: .hello <name> [--shout]");
  });
});
