import contactAvatar from "../../../plugins/contact-avatar";
import { formatPlan } from "../../../plugins/contact-avatar/addressbook/plan";

describe("contact-avatar's help and summaries", () => {
  it('should write examples without the prefix, which .help adds (no "..pfpimport")', () => {
    const definition = contactAvatar();
    const examples = (definition.commands ?? []).flatMap((c) => (c.examples ?? []).map((e) => `${c.name}: ${e}`));
    expect(examples.length).toBeGreaterThan(10);
    expect(examples.filter((e) => /: [.!/]/.test(e))).toEqual([]);
  });

  it("should count one card as one card", () => {
    const plan = { cards: 1, withPhoto: 1, byPhone: 0, byName: 0, ambiguous: [], noContact: [], problems: [], skipped: [], changes: [] };
    expect(formatPlan(plan as unknown as Parameters<typeof formatPlan>[0], { apply: false }).split("\n")[0]).toBe("Address book: 1 card, 1 with a photo");
  });
});
