/**
 * The terminal side of the QR login: the code printed is the whole QR code
 * of the login link (read back module by module from the half-block
 * characters), and the method choice reads 1 or 2.
 */
import { PassThrough } from "node:stream";
import QRCode from "qrcode";
import { terminalPrompts } from "../../src/telegram/terminalPrompts";

function streams() {
  const input = new PassThrough() as PassThrough & NodeJS.ReadStream;
  const output = new PassThrough() as PassThrough & NodeJS.WriteStream;
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  return { input, output, printed: () => printed };
}

/** The colour codes qrcode draws with (ESC [ n m), built from the character code to keep control characters out of a literal. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, "g");

/** The dark modules of a code drawn with ▀ ▄ █ (two rows per line, one quiet module around it). */
function modulesDrawn(text: string, size: number): boolean[] {
  const lines = text
    .replace(ANSI_COLOUR, "")
    .split("\n")
    .filter((line) => /^[ ▀▄█]+$/.test(line) && line.length === size + 2);
  const dark: boolean[] = [];
  for (let y = 0; y < size; y++) {
    // Line r draws rows 2r-1 (upper half) and 2r (lower half).
    const line = lines[Math.floor((y + 1) / 2)];
    for (let x = 0; x < size; x++) {
      const char = line[x + 1];
      dark.push(y % 2 === 0 ? "▄█".includes(char) : "▀█".includes(char));
    }
  }
  return dark;
}

describe("terminalPrompts", () => {
  it("should print the QR code of the login link, whole, with what to do on the phone", async () => {
    const io = streams();
    const url = "tg://login?token=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA";
    await terminalPrompts(io.input, io.output).showQr(url, new Date(Date.UTC(2026, 0, 1, 12, 0, 30)));
    const expected = QRCode.create(url, { errorCorrectionLevel: "L" }).modules;
    expect(modulesDrawn(io.printed(), expected.size)).toEqual(Array.from(expected.data, Boolean));
    expect(io.printed()).toContain("Settings → Devices → Link Desktop Device");
    expect(io.printed()).not.toContain(url);
  });

  it("should ask for the login method until it gets 1 (or nothing) or 2", async () => {
    const io = streams();
    const prompts = terminalPrompts(io.input, io.output);
    const choice = prompts.chooseMethod();
    io.input.write("3\n");
    io.input.write("2\n");
    expect(await choice).toBe("qr");
    const again = prompts.chooseMethod();
    io.input.write("\n");
    expect(await again).toBe("phone");
  });
});
