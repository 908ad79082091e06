import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { importOffline, formatOfflineReport } from "../../../../plugins/contact-avatar/addressbook/offlineImport";
import { DEFAULT_PREPARE_OPTIONS } from "../../../../plugins/contact-avatar/image";
import { makeJpeg, makePngClaimingSize } from "../../../../fixtures/images";
import { vcard } from "../../../../fixtures/vcards";

const ROOT = path.resolve(__dirname, "../../../..");
const TSX = path.join(ROOT, "node_modules/.bin/tsx");
const CLI = path.join(ROOT, "plugins/contact-avatar/cli.ts");

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("import from a vCard file, offline", () => {
  let dir: string;
  let server: Server;
  let base: string;
  /** Responses of the link server that never answer, ended in afterAll. */
  const hanging: { destroy(): void }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "addressbook-offline-"));
    const linked = await makeJpeg({ width: 300, height: 300 });
    server = createServer((req, res) => {
      if (req.url === "/hang.jpg") {
        hanging.push(res.socket!);
        return;
      }
      res.writeHead(200, { "content-type": "image/jpeg" }).end(linked);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const socket of hanging) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  async function badInputsFile(): Promise<string> {
    const good = await makeJpeg({ width: 900, height: 700 });
    const cards = [
      vcard({ version: "2.1", name: "Jörg Müller", quotedPrintable: true, phones: ["+49 151 23456789"], photo: { bytes: good } }),
      vcard({ version: "3.0", name: "Not Image", photo: { bytes: Buffer.from("%PDF-1.4 this is a document, not a photo") } }),
      vcard({ version: "4.0", name: "Huge Canvas", photo: { bytes: await makePngClaimingSize({ width: 20000, height: 20000 }), type: "PNG" } }),
      vcard({ version: "3.0", name: "Slow Link", photo: { url: `${base}/hang.jpg` } }),
      vcard({ version: "4.0", name: "Good Link", photo: { url: `${base}/ok.jpg` } }),
      vcard({ version: "3.0", name: "Switch Board", phones: Array.from({ length: 40 }, (_, i) => `+44 20 7946 ${String(i).padStart(4, "0")}`) }),
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad \xff\r\nEND:VCARD\r\n",
      vcard({ version: "3.0", name: "No Photo" }),
      "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cut Off\r\nPHOTO;ENCODING=b:/9j/4AAQ",
    ];
    // latin1 keeps the \xff byte as a lone 0xFF: invalid UTF-8, as a broken exporter writes it.
    const file = path.join(dir, "bad-inputs.vcf");
    await writeFile(file, Buffer.concat(cards.map((c, i) => Buffer.from(c, i === 6 ? "latin1" : "utf-8"))));
    return file;
  }

  it("should list every card that cannot be used, with why, and prepare the rest", async () => {
    const file = await badInputsFile();
    const out = path.join(dir, "out");
    const report = await importOffline(file, { outDir: out, photo: { prepare: DEFAULT_PREPARE_OPTIONS, url: { maxBytes: 1 << 20, timeoutMs: 300 } } });
    expect(formatOfflineReport(file, report, out)).toBe(
      [
        "bad-inputs.vcf: 9 cards, 5 with a photo, 2 usable",
        "Cannot be used (6):",
        "  card 2 (Not Image): this is a PDF, not an image",
        "  card 3 (Huge Canvas): the image is 20000×20000 pixels, more than the 100-megapixel limit",
        "  card 4 (Slow Link): the link did not deliver the image within 300 ms",
        "  card 6 (Switch Board) has 40 phone numbers (at most 20): skipped",
        "  card 7 is not valid UTF-8 text",
        "  card 9 is cut off (the file ends before END:VCARD)",
        `Wrote 2 photos to ${out}`,
      ].join("\n"),
    );
    expect((await readdir(out)).sort()).toEqual(["0001-jorg-muller.jpg", "0005-good-link.jpg"]);
    const meta = await sharp(await readFile(path.join(out, "0001-jorg-muller.jpg"))).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 800, height: 800 });
  });

  it("should exit 0 from the CLI when the file was read, listing the cards it could not use", async () => {
    const file = path.join(dir, "small.vcf");
    await writeFile(
      file,
      vcard({ version: "3.0", name: "Ann Lee", photo: { bytes: await makeJpeg({ width: 640, height: 640 }) } }) +
        vcard({ version: "3.0", name: "Doc", photo: { bytes: Buffer.from("%PDF-1.4 nope") } }),
    );
    const out = path.join(dir, "cli-out");
    const run = await runCli(["import", file, "--out", out]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("small.vcf: 2 cards, 2 with a photo, 1 usable");
    expect(run.stdout).toContain("card 2 (Doc): this is a PDF, not an image");
    expect(await readdir(out)).toEqual(["0001-ann-lee.jpg"]);
  });

  it("should exit 2 from the CLI with one line when the file is not a vCard", async () => {
    const file = path.join(dir, "photo.vcf");
    await writeFile(file, await makeJpeg({ width: 100, height: 100 }));
    const run = await runCli(["import", file]);
    expect(run).toEqual({ code: 2, stdout: "", stderr: "This is not a vCard file (no BEGIN:VCARD)\n" });
    expect(await runCli(["import", path.join(dir, "missing.vcf")])).toMatchObject({ code: 2, stderr: expect.stringContaining("no such file") });
  });
});
