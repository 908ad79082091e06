import { Readable } from "node:stream";
import { readCards, type RawCardItem } from "../../../../plugins/contact-avatar/addressbook/cardReader";
import { NotAVCardError } from "../../../../plugins/contact-avatar/addressbook/errors";
import { vcard } from "../../../../fixtures/vcards";

const LIMITS = { maxCardBytes: 64 * 1024 };

async function collect(chunks: (Buffer | string)[], limits = LIMITS): Promise<RawCardItem[]> {
  const out: RawCardItem[] = [];
  for await (const item of readCards(Readable.from(chunks), limits)) out.push(item);
  return out;
}

function describeItems(items: RawCardItem[]): string[] {
  return items.map((i) => (i.kind === "card" ? `card ${i.index}` : `problem ${i.index}: ${i.problem}`));
}

describe("readCards", () => {
  const two = vcard({ version: "3.0", name: "Ann Lee" }) + vcard({ version: "4.0", name: "Bob Smith" });

  it("should yield each card in order", async () => {
    const items = await collect([two]);
    expect(describeItems(items)).toEqual(["card 1", "card 2"]);
    expect((items[1] as { bytes: Buffer }).bytes.toString()).toContain("FN:Bob Smith");
  });

  it("should give the same cards when the file arrives one byte at a time", async () => {
    const bytes = Buffer.from(two);
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(describeItems(await collect(chunks))).toEqual(["card 1", "card 2"]);
  });

  it("should accept LF-only line ends and text before the first card", async () => {
    const items = await collect([`Exported by a phone\n\n${two.replace(/\r\n/g, "\n")}`]);
    expect(describeItems(items)).toEqual(["card 1", "card 2"]);
  });

  it("should report a card cut off by the next one and go on", async () => {
    const cut = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut\r\n";
    expect(describeItems(await collect([cut + two]))).toEqual(["problem 1: is cut off (no END:VCARD)", "card 2", "card 3"]);
  });

  it("should report a file that ends inside a card (truncated download)", async () => {
    const truncated = two.slice(0, two.length - 20);
    expect(describeItems(await collect([truncated]))).toEqual(["card 1", "problem 2: is cut off (the file ends before END:VCARD)"]);
  });

  it("should skip a card over the size limit without holding it, and go on", async () => {
    const huge = vcard({ version: "3.0", name: "Huge", photo: { bytes: Buffer.alloc(200 * 1024, 7) } });
    const items = await collect([huge + two]);
    expect(describeItems(items)).toEqual(["problem 1: is over 64 KB (a card's limit)", "card 2", "card 3"]);
  });

  it("should also skip an oversized card written as one unbroken line", async () => {
    const oneLine = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Long\r\nPHOTO;ENCODING=b:${"A".repeat(300 * 1024)}\r\nEND:VCARD\r\n`;
    const chunks = Array.from({ length: 40 }, (_, i) => oneLine.slice(i * 8000, (i + 1) * 8000)).filter((c) => c !== "");
    expect(describeItems(await collect([...chunks, two]))).toEqual(["problem 1: is over 64 KB (a card's limit)", "card 2", "card 3"]);
  });

  it("should refuse a file with no vCard in it", async () => {
    await expect(collect(["just some text\r\nand more\r\n"])).rejects.toThrow(NotAVCardError);
  });

  it("should refuse a big binary file early, without reading it all", async () => {
    let served = 0;
    async function* binary() {
      for (let i = 0; i < 1000; i++) {
        served++;
        yield Buffer.alloc(64 * 1024, 0xff);
      }
    }
    const items: RawCardItem[] = [];
    await expect(
      (async () => {
        for await (const item of readCards(binary(), LIMITS)) items.push(item);
      })(),
    ).rejects.toThrow("This is not a vCard file (no BEGIN:VCARD)");
    expect(served).toBeLessThan(5);
  });
});
