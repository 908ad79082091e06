/**
 * The per-plugin Telegram view's method policy. The Telegram behind it is a
 * recording stand-in: what is tested is which requests get through to it
 * (the real host and server are in secrets.integration.test.ts).
 */
import { Api } from "telegram";
import { RefusedMethodError, isAccountTakeoverMethod, telegramForPlugin } from "../../src/plugins/telegramForPlugin";
import type { Telegram } from "../../src/telegram/types";

function recording() {
  const invoked: string[] = [];
  const service = {
    invoke: async (request: { className: string }) => {
      invoked.push(request.className);
      return "answered";
    },
    me: () => ({ id: 1 }),
  } as unknown as Telegram;
  return { service, invoked };
}

describe("telegramForPlugin", () => {
  it.each([
    ["auth.ExportLoginToken", new Api.auth.ExportLoginToken({ apiId: 1, apiHash: "x", exceptIds: [] })],
    ["auth.AcceptLoginToken", new Api.auth.AcceptLoginToken({ token: Buffer.alloc(1) })],
    ["auth.ExportAuthorization", new Api.auth.ExportAuthorization({ dcId: 1 })],
    ["auth.ResetAuthorizations", new Api.auth.ResetAuthorizations()],
    ["account.GetAuthorizations", new Api.account.GetAuthorizations()],
    ["account.GetPassword", new Api.account.GetPassword()],
    ["account.DeleteAccount", new Api.account.DeleteAccount({ reason: "" })],
    ["account.SendChangePhoneCode", new Api.account.SendChangePhoneCode({ phoneNumber: "1", settings: new Api.CodeSettings({}) })],
    ["account.SetAccountTTL", new Api.account.SetAccountTTL({ ttl: new Api.AccountDaysTTL({ days: 30 }) })],
    [
      "account.GetPassword in InvokeWithLayer(InitConnection(...))",
      new Api.InvokeWithLayer({
        layer: 1,
        query: new Api.InitConnection({
          apiId: 1,
          deviceModel: "",
          systemVersion: "",
          appVersion: "",
          systemLangCode: "",
          langPack: "",
          langCode: "",
          query: new Api.account.GetPassword(),
        }),
      }),
    ],
  ])("should refuse %s to an untrusted plugin, without sending it", async (_label, request) => {
    const { service, invoked } = recording();
    const telegram = telegramForPlugin(service, { plugin: "p", trusted: false });
    await expect(telegram.invoke(request)).rejects.toBeInstanceOf(RefusedMethodError);
    expect(invoked).toEqual([]);
  });

  it("should let a trusted plugin call them", async () => {
    const { service, invoked } = recording();
    const telegram = telegramForPlugin(service, { plugin: "p", trusted: true });
    await expect(telegram.invoke(new Api.account.GetPassword())).resolves.toBe("answered");
    expect(invoked).toEqual(["account.GetPassword"]);
  });

  it("should let ordinary methods through", async () => {
    const { service, invoked } = recording();
    const telegram = telegramForPlugin(service, { plugin: "p", trusted: false });
    await telegram.invoke(new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: 0 as never, limit: 1 }));
    await telegram.invoke(new Api.messages.ExportChatInvite({ peer: new Api.InputPeerSelf() }));
    await telegram.invoke(new Api.account.UpdateProfile({ about: "hi" }));
    expect(invoked).toEqual(["photos.GetUserPhotos", "messages.ExportChatInvite", "account.UpdateProfile"]);
  });

  it("should be frozen, so a plugin cannot swap its invoke for one without the check", () => {
    const telegram = telegramForPlugin(recording().service, { plugin: "p", trusted: false });
    expect(Object.isFrozen(telegram)).toBe(true);
  });

  it("should name methods as Telegram spells them", () => {
    expect(isAccountTakeoverMethod("auth.logOut")).toBe(true);
    expect(isAccountTakeoverMethod("account.updatePasswordSettings")).toBe(true);
    expect(isAccountTakeoverMethod("account.updateProfile")).toBe(false);
    expect(isAccountTakeoverMethod("messages.sendMessage")).toBe(false);
  });
});
