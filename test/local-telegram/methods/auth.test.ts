import { Api } from "telegram";
import { computeCheck } from "telegram/Password";
import { World } from "../../../local-telegram/world";
import { MethodHarness } from "../../../local-telegram/methods/harness";

describe("login methods", () => {
  let world: World;
  let dc: MethodHarness;
  beforeEach(() => {
    world = new World();
    dc = new MethodHarness(world);
  });

  const settings = new Api.CodeSettings({});
  const sendCode = (phoneNumber: string, ctx = dc.as(undefined, 1n)) =>
    dc.call(new Api.auth.SendCode({ phoneNumber, apiId: 1, apiHash: "x", settings }), ctx) as Promise<Api.auth.SentCode>;
  const signIn = (phoneCodeHash: string, phoneCode: string) => new Api.auth.SignIn({ phoneNumber: "+1 415 555 0100", phoneCodeHash, phoneCode });

  it("should send a code, sign in with it and bind the auth key", async () => {
    const ctx = dc.as(undefined, 1n);
    const sent = await sendCode("+1 415 555 0100", ctx);
    const code = world.lastLoginCode("14155550100")!;
    expect(code).toMatch(/^\d{5}$/);
    const auth = (await dc.call(signIn(sent.phoneCodeHash, code), ctx)) as Api.auth.Authorization;
    expect((auth.user as Api.User).self).toBe(true);
    expect(ctx.userId).toBe(world.ownerId);
    expect(await dc.error(signIn(sent.phoneCodeHash, code), ctx)).toBe("PHONE_CODE_EXPIRED");
  });

  it("should refuse an unknown number and a wrong code", async () => {
    expect(await dc.error(new Api.auth.SendCode({ phoneNumber: "+44 1", apiId: 1, apiHash: "x", settings }))).toBe("PHONE_NUMBER_INVALID");
    const sent = await sendCode("14155550100");
    const wrong = world.lastLoginCode("14155550100") === "11111" ? "22222" : "11111";
    expect(await dc.error(signIn(sent.phoneCodeHash, wrong), dc.as(undefined, 1n))).toBe("PHONE_CODE_INVALID");
  });

  it("should ask for the 2FA password and accept GramJS's SRP proof of it", async () => {
    world.setPassword(world.ownerId, "secret", "the usual");
    const ctx = dc.as(undefined, 1n);
    const sent = await sendCode("14155550100", ctx);
    expect(await dc.error(signIn(sent.phoneCodeHash, world.lastLoginCode("14155550100")!), ctx)).toBe("SESSION_PASSWORD_NEEDED");
    expect(ctx.userId).toBeUndefined();

    const wrongPassword = await dc.call(new Api.account.GetPassword(), ctx);
    expect(wrongPassword.hint).toBe("the usual");
    expect(await dc.error(new Api.auth.CheckPassword({ password: await computeCheck(wrongPassword, "guess") }), ctx)).toBe("PASSWORD_HASH_INVALID");

    const password = await dc.call(new Api.account.GetPassword(), ctx);
    const auth = (await dc.call(new Api.auth.CheckPassword({ password: await computeCheck(password, "secret") }), ctx)) as Api.auth.Authorization;
    expect((auth.user as Api.User).id.toString()).toBe(world.ownerId.toString());
    expect(ctx.userId).toBe(world.ownerId);
  });

  it("should refuse a proof made for an older challenge with SRP_ID_INVALID", async () => {
    world.setPassword(world.ownerId, "secret");
    const old = await dc.call(new Api.account.GetPassword());
    await dc.call(new Api.account.GetPassword());
    expect(await dc.error(new Api.auth.CheckPassword({ password: await computeCheck(old, "secret") }))).toBe("SRP_ID_INVALID");
  });
});
