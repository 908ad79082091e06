/**
 * Phone numbers as matching keys: E.164 digits without "+", the way
 * Telegram's `User.phone` holds them. A number written locally ("020 7946
 * 0018") is read in `defaultRegion` (the owner's own country).
 *
 * TODO(targets): issue 11 builds the project's one phone module; this file
 * becomes a re-export of it once it lands, so the two cannot disagree.
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";

export type PhoneNormaliser = (text: string) => string | undefined;

export function phoneNormaliser(defaultRegion?: string): PhoneNormaliser {
  const region = defaultRegion as CountryCode | undefined;
  return (text) => {
    const cleaned = text.trim();
    if (cleaned === "") return undefined;
    // "0044…" and "+44…" are the same number; so is Telegram's bare "447700900123".
    const international = cleaned.startsWith("00") ? `+${cleaned.slice(2)}` : cleaned;
    const parsed =
      parsePhoneNumberFromString(international, region) ??
      (/^\d{8,15}$/.test(international) ? parsePhoneNumberFromString(`+${international}`) : undefined);
    if (!parsed || !parsed.isPossible()) return undefined;
    return parsed.number.replace(/^\+/, "");
  };
}
