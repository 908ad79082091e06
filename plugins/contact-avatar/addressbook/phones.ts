/**
 * Phone numbers as matching keys: E.164 digits without "+", the way
 * Telegram's `User.phone` holds them. Reading a number is the plugin's one
 * phone module's job (contacts/phone.ts), so cards and targets cannot
 * disagree; this adds only what cards need on top: a bare run of 8 to 15
 * digits that is not a local number is read as international, the way
 * Telegram stores numbers and some exports write them.
 */
import { fromTelegramPhone, normalisePhone, toTelegramDigits, type RegionCode } from "../contacts/phone";

export type PhoneNormaliser = (text: string) => string | undefined;

export function phoneNormaliser(defaultRegion?: string): PhoneNormaliser {
  const region = defaultRegion as RegionCode | undefined;
  return (text) => {
    const e164 = normalisePhone(text, region) ?? (/^\d{8,15}$/.test(text.trim()) ? fromTelegramPhone(text) : undefined);
    return e164 ? toTelegramDigits(e164) : undefined;
  };
}
