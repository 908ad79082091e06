/**
 * Splits a vCard file into cards while it streams in, so that a file of a
 * thousand cards with photos is never decoded (or even held) whole: at any
 * time only the card being read is in memory, and a card over the size cap
 * is dropped as it arrives instead of growing without bound.
 *
 * Works on bytes, not text: each card is decoded on its own (invalid UTF-8
 * spoils one card, not the file), and a line break is found by byte value,
 * which no UTF-8 sequence can contain.
 */
import { formatBytes } from "contact-userbot/sdk";
import { NotAVCardError } from "./errors";

/** One BEGIN:VCARD … END:VCARD block, still undecoded. */
export interface RawCard {
  kind: "card";
  /** 1-based position in the file, for messages ("card 14"). */
  index: number;
  bytes: Buffer;
}

/** A block that cannot be used at all; the reader goes on with the next one. */
export interface RawCardProblem {
  kind: "problem";
  index: number;
  problem: string;
}

export type RawCardItem = RawCard | RawCardProblem;

export interface CardReaderLimits {
  /** A card bigger than this (a photo of hundreds of MB, or garbage) is skipped. */
  maxCardBytes: number;
  /** Bytes read without meeting BEGIN:VCARD before the input is judged not a vCard. */
  sniffBytes?: number;
}

const BEGIN = /^begin:vcard\s*$/i;
const END = /^end:vcard\s*$/i;
const DEFAULT_SNIFF_BYTES = 64 * 1024;

/**
 * Yields each card (or why it cannot be used) in file order. Throws
 * NotAVCardError when no BEGIN:VCARD shows up in the first bytes, or none at all.
 */
export async function* readCards(source: AsyncIterable<Buffer | string>, limits: CardReaderLimits): AsyncGenerator<RawCardItem> {
  const sniffBytes = limits.sniffBytes ?? DEFAULT_SNIFF_BYTES;
  let pending: Buffer = Buffer.alloc(0);
  let seenBytes = 0;
  let index = 0;
  /** Lines of the open card; undefined between cards. */
  let card: Buffer[] | undefined;
  let cardBytes = 0;
  let oversized = false;

  function* takeLine(line: Buffer): Generator<RawCardItem> {
    const text = asciiHead(line);
    if (card === undefined) {
      if (BEGIN.test(text)) {
        index++;
        card = [line];
        cardBytes = line.length;
        oversized = false;
      } else if (index === 0 && text.trim() !== "" && seenBytes > sniffBytes) {
        throw notAVCard();
      }
      return;
    }
    if (BEGIN.test(text)) {
      // A card that never ended: the next one starts here.
      yield { kind: "problem", index, problem: "is cut off (no END:VCARD)" };
      index++;
      card = [line];
      cardBytes = line.length;
      oversized = false;
      return;
    }
    cardBytes += line.length + 1;
    if (!oversized) {
      card.push(line);
      if (cardBytes > limits.maxCardBytes) {
        oversized = true;
        card = [];
      }
    }
    if (END.test(text)) {
      if (oversized) {
        yield { kind: "problem", index, problem: `is over ${formatBytes(limits.maxCardBytes)} (a card's limit)` };
      } else {
        yield { kind: "card", index, bytes: Buffer.concat(joinLines(card)) };
      }
      card = undefined;
    }
  }

  for await (const chunk of source) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    seenBytes += bytes.length;
    let data = pending.length > 0 ? Buffer.concat([pending, bytes]) : bytes;
    let start = 0;
    for (let lf = data.indexOf(0x0a, start); lf !== -1; lf = data.indexOf(0x0a, start)) {
      yield* takeLine(stripCr(data.subarray(start, lf)));
      start = lf + 1;
    }
    data = data.subarray(start);
    // A line with no end in sight inside an oversized card (one huge base64
    // line) must not pile up either: keep only a tail long enough for END:VCARD.
    if (card !== undefined && cardBytes + data.length > limits.maxCardBytes) {
      if (!oversized) {
        oversized = true;
        card = [];
      }
      cardBytes += Math.max(0, data.length - 64);
      data = data.subarray(Math.max(0, data.length - 64));
    } else if (card === undefined && index === 0 && data.length > sniffBytes) {
      throw notAVCard();
    }
    // Copied so the chunk it points into can be freed.
    pending = Buffer.from(data);
  }
  if (pending.length > 0) yield* takeLine(stripCr(pending));
  if (card !== undefined) yield { kind: "problem", index, problem: "is cut off (the file ends before END:VCARD)" };
  if (index === 0) throw notAVCard();
}

function notAVCard(): NotAVCardError {
  return new NotAVCardError("This is not a vCard file (no BEGIN:VCARD)");
}

/** Enough of a line to recognise BEGIN/END without decoding a photo line. */
function asciiHead(line: Buffer): string {
  return line.subarray(0, 32).toString("latin1");
}

function stripCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, line.length - 1) : line;
}

function joinLines(lines: Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  const crlf = Buffer.from("\r\n");
  for (const line of lines) out.push(line, crlf);
  return out;
}
