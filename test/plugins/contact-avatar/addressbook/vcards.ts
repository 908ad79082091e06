/**
 * vCard text the way real exporters write it, for tests and the bench: 2.1
 * (Android, Outlook: quoted-printable names, bare TYPE parameters, base64
 * photos folded with a blank line after), 3.0 (Google, iCloud: ENCODING=b),
 * 4.0 (Nextcloud: data: URIs, tel: URIs).
 */
export type VCardVersion = "2.1" | "3.0" | "4.0";

export interface CardSpec {
  version: VCardVersion;
  name: string;
  /** Family name for N (the rest of `name` is the given name). */
  phones?: string[];
  photo?: { bytes: Buffer; type?: string } | { url: string };
  uid?: string;
  /** 2.1 only: write the name quoted-printable (as Android does for non-ASCII). */
  quotedPrintable?: boolean;
}

/** Lines folded at 75 octets with a leading space, as RFC 6350 asks. */
function fold(line: string): string {
  if (line.length <= 75) return line;
  const parts = [line.slice(0, 75)];
  for (let i = 75; i < line.length; i += 74) parts.push(` ${line.slice(i, i + 74)}`);
  return parts.join("\r\n");
}

function qp(text: string): string {
  return [...Buffer.from(text, "utf-8")]
    .map((b) => (b >= 33 && b <= 126 && b !== 61 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("");
}

export function vcard(spec: CardSpec): string {
  const [given, ...rest] = spec.name.split(" ");
  const family = rest.join(" ");
  const lines = ["BEGIN:VCARD", `VERSION:${spec.version}`];
  if (spec.version === "2.1" && spec.quotedPrintable) {
    lines.push(`N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp(family)};${qp(given)};;;`);
    lines.push(`FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp(spec.name)}`);
  } else {
    lines.push(`N:${family};${given};;;`, `FN:${spec.name}`);
  }
  if (spec.uid) lines.push(`UID:${spec.uid}`);
  for (const [i, phone] of (spec.phones ?? []).entries()) {
    if (spec.version === "2.1") lines.push(`TEL;${i === 0 ? "CELL" : "HOME;VOICE"}:${phone}`);
    else if (spec.version === "3.0") lines.push(i === 0 ? `TEL;TYPE=CELL:${phone}` : `item${i}.TEL:${phone}`);
    else lines.push(`TEL;VALUE=uri;TYPE=cell:tel:${phone.replace(/\s+/g, "-")}`);
  }
  const photo = spec.photo;
  if (photo && "url" in photo) {
    lines.push(spec.version === "4.0" ? `PHOTO:${photo.url}` : `PHOTO;VALUE=uri:${photo.url}`);
  } else if (photo) {
    const b64 = photo.bytes.toString("base64");
    const type = photo.type ?? "JPEG";
    if (spec.version === "2.1") lines.push(fold(`PHOTO;ENCODING=BASE64;${type}:${b64}`), "");
    else if (spec.version === "3.0") lines.push(fold(`PHOTO;ENCODING=b;TYPE=${type}:${b64}`));
    else lines.push(fold(`PHOTO:data:image/${type.toLowerCase()};base64,${b64}`));
  }
  lines.push("END:VCARD");
  return `${lines.join("\r\n")}\r\n`;
}
