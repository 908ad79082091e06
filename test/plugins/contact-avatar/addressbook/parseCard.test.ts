import { parseCard, type AddressCard } from "../../../../plugins/contact-avatar/addressbook/parseCard";
import { vcard } from "../../../../fixtures/vcards";

function parse(text: string | Buffer): ReturnType<typeof parseCard> {
  return parseCard({ kind: "card", index: 1, bytes: Buffer.isBuffer(text) ? text : Buffer.from(text) });
}

function card(text: string): AddressCard {
  const result = parse(text);
  if (!result.ok) throw new Error(result.problem);
  return result.card;
}

const JPEG = Buffer.from("ffd8ffe000104a46494600010100000100010000ffd9", "hex");

describe("parseCard", () => {
  it("should read a 2.1 card as Android exports it: quoted-printable name, bare types, folded base64 photo", () => {
    const c = card(vcard({ version: "2.1", name: "Jörg Müller", quotedPrintable: true, phones: ["+49 151 23456789", "030 1234567"], photo: { bytes: JPEG } }));
    expect(c).toMatchObject({ version: "2.1", name: "Jörg Müller", phones: ["+49 151 23456789", "030 1234567"] });
    expect(c.photo).toEqual({ kind: "embedded", bytes: JPEG });
  });

  it("should join 2.1 quoted-printable soft line breaks", () => {
    const text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Fran=C3=A7oise=\r\n=20Dupont\r\nEND:VCARD\r\n";
    expect(card(text).name).toBe("Françoise Dupont");
  });

  it("should decode quoted-printable in the card's CHARSET", () => {
    const text = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ren=E9e\r\nEND:VCARD\r\n";
    expect(card(text).name).toBe("Renée");
  });

  it("should read a 3.0 card as Google exports it (ENCODING=b, grouped TEL)", () => {
    const c = card(vcard({ version: "3.0", name: "Bob Smith", phones: ["+1-202-555-0143", "+1 202 555 0199"], photo: { bytes: JPEG }, uid: "abc-1" }));
    expect(c).toMatchObject({ version: "3.0", name: "Bob Smith", phones: ["+1-202-555-0143", "+1 202 555 0199"], key: "uid:abc-1" });
    expect(c.photo).toEqual({ kind: "embedded", bytes: JPEG });
  });

  it("should read a 4.0 card with a data: URI photo and tel: URIs", () => {
    const c = card(vcard({ version: "4.0", name: "Ann Lee", phones: ["+33 6 12 34 56 78"], photo: { bytes: JPEG } }));
    expect(c).toMatchObject({ version: "4.0", name: "Ann Lee", phones: ["+33-6-12-34-56-78"] });
    expect(c.photo).toEqual({ kind: "embedded", bytes: JPEG });
  });

  it("should keep an http(s) photo as a link", () => {
    expect(card(vcard({ version: "3.0", name: "A B", photo: { url: "https://example.org/a.jpg" } })).photo).toEqual({
      kind: "link",
      url: "https://example.org/a.jpg",
    });
    expect(card(vcard({ version: "4.0", name: "A B", photo: { url: "http://example.org/b.jpg" } })).photo).toEqual({
      kind: "link",
      url: "http://example.org/b.jpg",
    });
  });

  it("should say why a PHOTO of another kind cannot be used", () => {
    const text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X Y\r\nPHOTO;VALUE=uri:file:///home/me/x.jpg\r\nEND:VCARD\r\n";
    expect(card(text)).toMatchObject({ photo: undefined, photoProblem: "its PHOTO is a file: link (only http, https and embedded photos can be used)" });
    const bad = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:X Y\r\nPHOTO;ENCODING=b:not*base64!\r\nEND:VCARD\r\n";
    expect(card(bad).photoProblem).toBe("its PHOTO is not valid base64");
  });

  it("should take the name from N when there is no FN, and resolve escapes", () => {
    expect(card("BEGIN:VCARD\r\nVERSION:3.0\r\nN:Smith;Bob;;;\r\nEND:VCARD\r\n").name).toBe("Bob Smith");
    expect(card("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Smith\\, Bob\r\nEND:VCARD\r\n").name).toBe("Smith, Bob");
  });

  it("should refuse invalid UTF-8 with a clear line", () => {
    const bytes = Buffer.concat([Buffer.from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad "), Buffer.from([0xc3, 0x28]), Buffer.from("\r\nEND:VCARD\r\n")]);
    expect(parse(bytes)).toEqual({ ok: false, index: 1, problem: "is not valid UTF-8 text" });
  });

  it("should refuse a card without a VERSION", () => {
    expect(parse("BEGIN:VCARD\r\nFN:No Version\r\nEND:VCARD\r\n")).toMatchObject({ ok: false, problem: expect.stringContaining("VERSION") });
  });
});
