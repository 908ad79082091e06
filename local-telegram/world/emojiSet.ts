/**
 * Telegram's animated-emoji set (InputStickerSetAnimatedEmoji) holds an
 * animated sticker for nearly every emoji; the world's copy covers the
 * common ones, so `.setpfp 🐶` works as on Telegram. Each is a small TGS
 * whose first frame the server can draw (world/lottie): a face of its own
 * colour, so the stills of two emoji differ.
 */
import { gzipSync } from "node:zlib";

/** The common emoji, as Telegram's packs spell them (with VS16 where the emoji has it). 🐱 is seeded on its own. */
export const COMMON_EMOJI: readonly string[] = [
  ..."😀😃😄😁😆😅😂🤣😊😇🙂🙃😉😌😍🥰😘😗😙😚😋😛😝😜🤪🤨🧐🤓😎🤩🥳😏😒😞😔😟😕🙁😣😖😫😩🥺😢😭😤😠😡🤬🤯😳🥵🥶😱😨😰😥😓🤗🤔🤭🤫🤥😶😐😑😬🙄😯😦😧😮😲🥱😴🤤😪😵🤐🥴🤢🤮🤧😷🤒🤕🤑🤠😈👿🤡💩👻💀👽🤖🎃",
  ..."😺😸😹😻😼😽🙀😿😾🙈🙉🙊🧡💛💚💙💜🖤🤍🤎💔💯💥🔥✨⭐🌟👍👎👌🤞🤝🙏👏🙌💪👋",
  ..."🐶🐭🐹🐰🦊🐻🐼🐨🐯🦁🐮🐷🐸🐵🐔🐧🐦🦄🐝🦋🐢🐍🐙🐬🐳🌹🌸🌻🍀🍎🍕🍔🍟🍩🍰🎂☕🍺🍷🎉🎁🎈⚽🏆🚀🚗🏠💡💰💎📱💻⏰🌈⚡🎄",
  "☹️",
  "❤️",
  "✌️",
  "✈️",
  "☀️",
  "🌙",
  "⛄",
  "☔",
];

const memo = new Map<string, Buffer>();

/** The TGS sticker for `emoji`: a face in a colour taken from the emoji, bobbing once a second. */
export function emojiTgs(emoji: string): Buffer {
  let tgs = memo.get(emoji);
  if (!tgs) {
    tgs = gzipSync(Buffer.from(JSON.stringify(faceLottie(colourOf(emoji)))));
    memo.set(emoji, tgs);
  }
  return tgs;
}

/** A stable colour per emoji: its code points hashed to a hue, fairly saturated and light. */
function colourOf(emoji: string): [number, number, number] {
  let hash = 0;
  for (const ch of emoji) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return hslToRgb((hash % 360) / 360, 0.7, 0.55);
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const x = (t + 1) % 1;
    if (x < 1 / 6) return p + (q - p) * 6 * x;
    if (x < 1 / 2) return q;
    if (x < 2 / 3) return p + (q - p) * (2 / 3 - x) * 6;
    return p;
  };
  return [channel(h + 1 / 3), channel(h), channel(h - 1 / 3)];
}

function faceLottie([r, g, b]: [number, number, number]) {
  const still = (k: unknown) => ({ a: 0, k });
  const layer = (ind: number, name: string, shapes: unknown[], position: unknown) => ({
    ddd: 0,
    ind,
    ty: 4,
    nm: name,
    sr: 1,
    ip: 0,
    op: 30,
    st: 0,
    bm: 0,
    ks: { o: still(100), r: still(0), a: still([0, 0, 0]), s: still([100, 100, 100]), p: position },
    shapes,
  });
  const bob = {
    a: 1,
    k: [
      { t: 0, s: [256, 256, 0] },
      { t: 15, s: [256, 236, 0] },
      { t: 30, s: [256, 256, 0] },
    ],
  };
  const fill = (c: number[]) => ({ ty: "fl", nm: "fill", c: still([...c, 1]), o: still(100) });
  const ellipse = (w: number, h: number, x: number, y: number) => ({ ty: "el", nm: "ellipse", d: 1, s: still([w, h]), p: still([x, y]) });
  return {
    v: "5.5.2",
    fr: 30,
    ip: 0,
    op: 30,
    w: 512,
    h: 512,
    nm: "emoji",
    ddd: 0,
    assets: [],
    layers: [
      layer(1, "eyes", [ellipse(56, 80, -80, -50), ellipse(56, 80, 80, -50), fill([0.15, 0.1, 0.1])], bob),
      layer(2, "mouth", [{ ty: "rc", nm: "mouth", d: 1, s: still([200, 40]), p: still([0, 110]), r: still(20) }, fill([0.15, 0.1, 0.1])], bob),
      layer(3, "face", [ellipse(440, 440, 0, 0), fill([r, g, b])], bob),
    ],
  };
}
