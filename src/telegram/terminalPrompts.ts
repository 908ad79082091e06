import readline from "node:readline";
import type { LoginPrompts } from "./login";

/** Login questions on the terminal; the password is not echoed. */
export function terminalPrompts(input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stdout): LoginPrompts {
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
  };
}
