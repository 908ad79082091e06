import { describeFailure, newRefId } from "../../src/commands/failure";
import { FloodWaitError, RequestTimeoutError, SessionRevokedError, TelegramApiError, UsageError, UserError } from "../../src/core/errors";

describe("describeFailure", () => {
  it("should show a usage error with the usage line", () => {
    const report = describeFailure(new UsageError("Name the contact."), { usage: ".setpfp [@user...]" });
    expect(report).toMatchObject({ text: "Name the contact.\nUsage: .setpfp [@user...]", unexpected: false });
  });

  it("should show a usage error alone when the command has no usage line", () => {
    expect(describeFailure(new UsageError("Name the contact.")).text).toBe("Name the contact.");
  });

  it("should show a user error as its message, without a usage line or ref", () => {
    const report = describeFailure(new UserError("Alice is not in your contacts."), { usage: ".setpfp" });
    expect(report).toMatchObject({ text: "Alice is not in your contacts.", unexpected: false });
  });

  it("should show a flood wait as a human duration", () => {
    const report = describeFailure(new FloodWaitError(250, "photos.UploadContactProfilePhoto"));
    expect(report).toMatchObject({ text: "Telegram asks to wait 4 min 10 s before doing this again.", unexpected: false });
  });

  it("should round a fractional flood wait up", () => {
    expect(describeFailure(new FloodWaitError(0.4)).text).toBe("Telegram asks to wait 1 s before doing this again.");
  });

  it("should show a timeout with the method and a ref, as unexpected", () => {
    const report = describeFailure(new RequestTimeoutError("users.GetFullUser", 30000));
    expect(report.unexpected).toBe(true);
    expect(report.text).toBe(`Telegram did not answer in time (users.GetFullUser). Try again (ref ${report.refId}).`);
  });

  it("should show Telegram's refusal with its error message and a ref", () => {
    const report = describeFailure(new TelegramApiError("CHAT_WRITE_FORBIDDEN", 403, "messages.SendMessage"));
    expect(report.unexpected).toBe(true);
    expect(report.text).toBe(`Telegram refused: CHAT_WRITE_FORBIDDEN (ref ${report.refId})`);
  });

  it("should show a revoked session as its own message", () => {
    const report = describeFailure(new SessionRevokedError("AUTH_KEY_UNREGISTERED"));
    expect(report.text).toContain('Log in again with "npm run login"');
    expect(report.unexpected).toBe(true);
  });

  it("should turn a bug into one line with a ref id and nothing of the error", () => {
    const err = new TypeError("Cannot read properties of undefined (reading 'id')");
    const report = describeFailure(err);
    expect(report.unexpected).toBe(true);
    expect(report.refId).toMatch(/^[0-9a-f]{6}$/);
    expect(report.text).toBe(`Something went wrong (ref ${report.refId}); the log has the details.`);
    expect(report.text).not.toContain("\n");
    expect(report.text).not.toContain("reading 'id'");
    expect(report.text).not.toMatch(/\bat\b.*\.ts/);
  });

  it("should treat a thrown non-Error the same way", () => {
    const report = describeFailure("just a string");
    expect(report.text).toBe(`Something went wrong (ref ${report.refId}); the log has the details.`);
    expect(describeFailure(undefined).unexpected).toBe(true);
  });

  it("should add the error's name and message, never its stack, when details are asked for", () => {
    const report = describeFailure(new TypeError("boom"), { showDetails: true });
    expect(report.text).toBe(`Something went wrong (ref ${report.refId}); the log has the details: TypeError: boom.`);
    const refused = describeFailure(new TelegramApiError("PEER_FLOOD", 400, "messages.SendMessage"), { showDetails: true });
    expect(refused.text).toBe(`Telegram refused: PEER_FLOOD (ref ${refused.refId}): TelegramApiError: messages.SendMessage failed: PEER_FLOOD`);
  });

  it("should never show details of a user error", () => {
    expect(describeFailure(new UserError("Fix this."), { showDetails: true }).text).toBe("Fix this.");
  });

  it.each([
    ["a DOMException AbortError", () => new DOMException("This operation was aborted", "AbortError")],
    ["an AbortSignal's reason", () => AbortSignal.abort().reason as Error],
    ["an error with code ABORT_ERR", () => Object.assign(new Error("aborted"), { code: "ABORT_ERR" })],
  ])("should explain %s as a shutdown or reload, not as a bug", (_label, make) => {
    expect(describeFailure(make())).toMatchObject({ text: "⏹ Stopped: the userbot is shutting down or reloading.", unexpected: false });
  });

  it("should give each failure its own ref id", () => {
    const ids = new Set(Array.from({ length: 50 }, () => newRefId()));
    expect(ids.size).toBe(50);
  });
});
