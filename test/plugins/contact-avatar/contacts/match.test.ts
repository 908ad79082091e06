import { closestNames, describeCandidate, editDistance, foldName, matchName, type ContactCard } from "../../../../plugins/contact-avatar/contacts/match";

const card = (id: number, firstName: string, lastName?: string, extra: Partial<ContactCard> = {}): ContactCard => ({
  id: BigInt(id),
  firstName,
  lastName,
  ...extra,
});
const bob = card(1, "Bob");
const bobSmith = card(2, "Bob", "Smith", { username: "bobsmith", phone: "+12025550199" });
const zoe = card(3, "Zoë", "Müller");
const anna = card(4, "Anna", "Smith", { phone: "+447700900123" });
const contacts = [bob, bobSmith, zoe, anna];

describe("foldName", () => {
  it("drops case, accents and extra spaces", () => {
    expect(foldName("  ZOË   Müller ")).toBe("zoe muller");
    expect(foldName("Ångström")).toBe("angstrom");
  });
});

describe("matchName", () => {
  it("prefers a whole name over a first name alone", () => {
    expect(matchName("bob", contacts)).toEqual({ kind: "one", contact: bob });
    expect(matchName("Bob Smith", contacts)).toEqual({ kind: "one", contact: bobSmith });
    expect(matchName("smith bob", contacts)).toEqual({ kind: "one", contact: bobSmith });
  });

  it("finds first or last names, without case or accents", () => {
    expect(matchName("zoe", contacts)).toEqual({ kind: "one", contact: zoe });
    expect(matchName("MULLER", contacts)).toEqual({ kind: "one", contact: zoe });
    expect(matchName("zoë müller", contacts)).toEqual({ kind: "one", contact: zoe });
  });

  it("never guesses between several", () => {
    expect(matchName("Smith", contacts)).toEqual({ kind: "several", contacts: [bobSmith, anna] });
    expect(matchName("bob", [bobSmith, card(5, "Bob", "Jones")]).kind).toBe("several");
  });

  it("offers the closest names when nothing matches", () => {
    expect(matchName("Bbo", contacts)).toEqual({ kind: "none", closest: [bob, bobSmith] });
    expect(matchName("Zoey", contacts)).toEqual({ kind: "none", closest: [zoe] });
    expect(matchName("Xavier", contacts)).toEqual({ kind: "none", closest: [] });
    expect(matchName("  ", contacts)).toEqual({ kind: "none", closest: [] });
  });
});

describe("helpers", () => {
  it("describes a candidate by name, username and last digits", () => {
    expect(describeCandidate(bobSmith)).toBe("Bob Smith (@bobsmith, …0199)");
    expect(describeCandidate(bob)).toBe("Bob");
    expect(describeCandidate(anna)).toBe("Anna Smith (…0123)");
  });
  it("measures edits", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("", "ab")).toBe(2);
    expect(editDistance("bbo", "bob")).toBe(1);
    expect(closestNames("smyth", contacts)).toEqual([anna, bobSmith]);
  });
});
