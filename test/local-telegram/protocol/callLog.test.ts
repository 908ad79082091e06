/**
 * The call log types what it records by method. The @ts-expect-error lines
 * are the test that `npm test`'s tsc runs: a misspelt field or method name
 * must not compile (it used to read undefined, which absent() took for "not sent").
 */
import { Api } from "telegram";
import { CallLog, isCallOf } from "../../../local-telegram/protocol/callLog";

function logWithAnEdit() {
  const log = new CallLog();
  const call = log.record("messages.EditMessage", new Api.messages.EditMessage({ peer: new Api.InputPeerSelf(), id: 7, message: "hello" }), 1n);
  log.settle(call, { result: "Updates" });
  return log;
}

describe("CallLog", () => {
  it("should give a method's calls with that method's request type", async () => {
    const log = logWithAnEdit();
    const [edit] = log.of("messages.EditMessage");
    expect(edit.params.id).toBe(7);
    expect(edit.params.message).toBe("hello");
    // @ts-expect-error a misspelt field is a compile error, not undefined
    expect(edit.params.mesage).toBeUndefined();
    // @ts-expect-error so is a misspelt method name
    expect(log.of("messages.EditMesage")).toEqual([]);
    const waited = await log.waitFor("messages.EditMessage", { predicate: (c) => c.params.id === 7 });
    expect(waited.params.message).toBe("hello");
  });

  it("should narrow a call from the whole log with isCallOf", () => {
    const log = logWithAnEdit();
    const [any] = log.all;
    // @ts-expect-error an unnarrowed call has only what every request has
    expect(any.params.message).toBe("hello");
    expect(isCallOf(any, "messages.EditMessage") && any.params.message).toBe("hello");
    expect(isCallOf(any, "messages.SendMessage")).toBe(false);
  });
});
