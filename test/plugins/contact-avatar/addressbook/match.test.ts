import { matchCards, nameKey, type ContactEntry } from "../../../../plugins/contact-avatar/addressbook/match";
import type { AddressCard } from "../../../../plugins/contact-avatar/addressbook/parseCard";
import { phoneNormaliser } from "../../../../plugins/contact-avatar/addressbook/phones";

const normalise = phoneNormaliser("GB");

function card(index: number, name: string | undefined, phones: string[] = []): AddressCard {
  return { index, version: "3.0", name, phones, photo: { kind: "embedded", bytes: Buffer.alloc(1) }, key: `card:${index}` };
}

const bob: ContactEntry = { id: "3", firstName: "Bob", lastName: "Smith", phone: "447700900123" };
const ann: ContactEntry = { id: "4", firstName: "Ann", lastName: "Lee", phone: "12025550143" };
const jose: ContactEntry = { id: "5", firstName: "José", lastName: "García" };
const sam1: ContactEntry = { id: "6", firstName: "Sam", lastName: "Jones" };
const sam2: ContactEntry = { id: "7", firstName: "Sam", lastName: "Jones" };
const contacts = [bob, ann, jose, sam1, sam2];

function kinds(cards: AddressCard[], names?: (string | undefined)[]) {
  return matchCards(cards, contacts, normalise, names).map((m) =>
    m.kind === "phone" || m.kind === "name" ? `${m.kind}:${m.contact.id}` : m.kind === "ambiguous" ? `ambiguous:${m.why}` : m.kind,
  );
}

describe("matchCards", () => {
  it("should match by any of the card's numbers, in any format", () => {
    expect(kinds([card(1, "Robert", ["020 7946 0018", "07700 900123"]), card(2, undefined, ["+1 (202) 555-0143"])])).toEqual(["phone:3", "phone:4"]);
    expect(kinds([card(1, "x", ["0044 7700 900123"])])).toEqual(["phone:3"]);
  });

  it("should apply neither card when two cards land on one contact", () => {
    expect(kinds([card(1, "Robert", ["07700 900123"]), card(2, "Bob Smith")])).toEqual([
      "ambiguous:another card matches the same contact",
      "ambiguous:another card matches the same contact",
    ]);
  });

  it("should prefer the phone over the name", () => {
    expect(kinds([card(1, "Ann Lee", ["+44 7700 900123"])])).toEqual(["phone:3"]);
  });

  it("should match by a unique full name, ignoring case and accents", () => {
    expect(kinds([card(1, "jose GARCIA")])).toEqual(["name:5"]);
  });

  it("should list a name two contacts share as ambiguous, with both", () => {
    const [m] = matchCards([card(1, "Sam Jones")], contacts, normalise);
    expect(m).toMatchObject({ kind: "ambiguous", why: "several contacts have this name" });
    expect(m.kind === "ambiguous" && m.candidates.map((c) => c.id)).toEqual(["6", "7"]);
  });

  it("should not match a name that two cards share, even if only one has a photo", () => {
    expect(kinds([card(1, "José García")], ["José García", "Jose Garcia"])).toEqual(["ambiguous:several cards have this name"]);
  });

  it("should list numbers that belong to two contacts as ambiguous", () => {
    expect(kinds([card(1, "Both", ["+44 7700 900123", "+1 202 555 0143"])])).toEqual(["ambiguous:its numbers belong to several contacts"]);
  });

  it("should leave a card with no contact unmatched: no first names, no partial names, no non-contacts", () => {
    expect(kinds([card(1, "Bob"), card(2, "Zed Unknown", ["+44 7700 900999"]), card(3, undefined)])).toEqual(["unmatched", "unmatched", "unmatched"]);
  });

  it("should fold names the same way for cards and contacts", () => {
    expect(nameKey("  José\u00a0 GARCÍA ")).toBe("jose garcia");
  });
});
