/**
 * vCard 2.1's quoted-printable (RFC 2045 §6.7), as Android and Outlook write
 * names with accents: `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller`.
 */
import { TextDecoder } from "node:util";

/**
 * In 2.1 a quoted-printable value may go on over several lines, each ending
 * in "=" (a soft break), with no leading space: vCard unfolding does not
 * join those, so they are joined here first.
 */
export function joinQuotedPrintableSoftBreaks(text: string): string {
  if (!/quoted-printable/i.test(text)) return text;
  const lines = text.split(/\r\n/);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (/^[^:]*quoted-printable[^:]*:/i.test(line)) {
      while (line.endsWith("=") && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i];
    }
    out.push(line);
  }
  return out.join("\r\n");
}

/** Decodes =XX escapes as bytes in `charset` (UTF-8 when not given or not known to the runtime). */
export function decodeQuotedPrintable(value: string, charset = "utf-8"): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const hex = c === "=" ? value.slice(i + 1, i + 3) : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const b of Buffer.from(c, "utf-8")) bytes.push(b);
    }
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset.toLowerCase());
  } catch {
    decoder = new TextDecoder("utf-8");
  }
  return decoder.decode(Uint8Array.from(bytes));
}
