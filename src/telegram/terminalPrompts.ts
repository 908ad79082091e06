import readline from "node:readline";
import type { LoginPrompts } from "./login";
import type { QrLoginPrompts } from "./qrLogin";

export type LoginMethod = "phone" | "qr";

export interface TerminalPrompts extends LoginPrompts, QrLoginPrompts {
  /** Phone number and code, or a QR code scanned in another Telegram app. */
  chooseMethod(): Promise<LoginMethod>;
}

/** Login questions on the terminal; the password is not echoed. */
export function terminalPrompts(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): TerminalPrompts {
  const ask = (question: string, hidden = false) =>
    new Promise<string>((resolve) => {
      const rl = readline.createInterface({ input, output, terminal: true });
      if (hidden) {
        // readline has no "password" mode: keep the prompt, swallow the echo.
        const writer = rl as unknown as { _writeToOutput(s: string): void };
        writer._writeToOutput = (s: string) => {
          if (s.includes(question)) output.write(s);
        };
      }
      rl.question(question, (answer) => {
        rl.close();
        if (hidden) output.write("\n");
        resolve(answer);
      });
    });
  return {
    phoneNumber: () => ask("Phone number (international format, e.g. +4915112345678): "),
    code: () => ask("The code Telegram sent you: "),
    password: (hint) => ask(`Two-step verification password${hint ? ` (hint: ${hint})` : ""}: `, true),
    async chooseMethod() {
      for (;;) {
        const answer = (await ask("Log in with 1) your phone number and a code, or 2) a QR code scanned in the Telegram app? [1/2] ")).trim();
        if (answer === "" || answer === "1") return "phone";
        if (answer === "2") return "qr";
      }
    },
    async showQr(url, expiresAt) {
      // Loaded here, not at start: qrcode costs some 50 ms to load, and most starts never show a code.
      const { default: QRCode } = await import("qrcode");
      // Half-height blocks: the whole code fits an 80×24 terminal.
      const code = await QRCode.toString(url, { type: "terminal", small: true, errorCorrectionLevel: "L" });
      output.write(
        `\nOn your phone: Telegram → Settings → Devices → Link Desktop Device, and scan this code.\n${code}\n` +
          `A new code appears when this one expires (${expiresAt.toLocaleTimeString()}). Ctrl-C stops.\n`,
      );
    },
  };
}
