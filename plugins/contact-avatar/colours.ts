/**
 * Colours typed by people: `--bg=#fff`, `--bg="light blue"`, and lists such
 * as `red,#00f` for sticker avatar backgrounds.
 *
 * Accepted: `#rrggbb`, `rrggbb`, `#rgb` and CSS colour names, case and spaces
 * or hyphens inside names ignored ("Light Blue" = "lightblue"). Refused:
 * - bare `rgb` without `#`: ordinary words such as "bad" or "fee" would
 *   silently become colours;
 * - any transparency (`#rrggbbaa`, `#rgba`, "transparent"): an avatar is an
 *   opaque JPEG and Telegram's background colours are RGB-24, so alpha could
 *   only be dropped silently, which would show a colour other than the one asked for;
 * - `rgb(...)`/`hsl(...)` forms: their commas would clash with lists.
 */
import { colord, extend } from "colord";
import namesPlugin from "colord/plugins/names";
import { UsageError } from "contact-userbot/sdk";

extend([namesPlugin]);

export interface Colour {
  /** Lower-case `#rrggbb`. */
  hex: string;
  /** `(r << 16) | (g << 8) | b`, as Telegram's `background_colors` want it. */
  rgb24: number;
}

const HEX = /^#?([0-9a-f]{6})$|^#([0-9a-f]{3})$/i;
const HEX_WITH_ALPHA = /^#?([0-9a-f]{8})$|^#([0-9a-f]{4})$/i;
const NAME = /^[a-z]+$/;
const FORMS = `use #rrggbb, #rgb or a colour name such as "white"`;

export function parseColour(text: string): Colour {
  const typed = text.trim();
  const hex = HEX.exec(typed);
  if (hex) return fromHex(hex[1] ?? expandShortHex(hex[2]));
  if (HEX_WITH_ALPHA.test(typed)) {
    throw new UsageError(`Colour "${typed}" has transparency; avatars need an opaque colour (${FORMS})`);
  }
  const name = typed.toLowerCase().replace(/[\s_-]+/g, "");
  const named = NAME.test(name) ? colord(name) : undefined;
  if (!named?.isValid()) throw new UsageError(`Unknown colour "${typed}": ${FORMS}`);
  if (named.alpha() < 1) {
    throw new UsageError(`Colour "${typed}" is transparent; avatars need an opaque colour (${FORMS})`);
  }
  return fromHex(named.toHex().slice(1));
}

/**
 * A comma-separated list of 1 to `max` colours, e.g. for sticker avatar
 * backgrounds (1 solid, 2 a gradient, 3 or 4 a freeform gradient).
 */
export function parseColourList(text: string, { max }: { max: number }): number[] {
  const parts = text.split(",").map((part) => part.trim());
  if (parts.some((part) => part === "")) {
    throw new UsageError(`Empty colour in "${text.trim()}": give 1 to ${max} colours separated by commas`);
  }
  if (parts.length > max) {
    throw new UsageError(`${parts.length} colours in "${text.trim()}": give at most ${max}`);
  }
  return parts.map((part) => parseColour(part).rgb24);
}

function expandShortHex(short: string): string {
  return [...short].map((digit) => digit + digit).join("");
}

function fromHex(sixDigits: string): Colour {
  const hex = `#${sixDigits.toLowerCase()}`;
  return { hex, rgb24: Number.parseInt(sixDigits, 16) };
}
