import { UserError } from "contact-userbot/sdk";

/** The input has no vCard in it at all (the CLI exits 2, the command says so and does nothing). */
export class NotAVCardError extends UserError {
  override name = "NotAVCardError";
}

/** The address book cannot be read as a whole (too big, CardDAV refused or hung): nothing is applied. */
export class AddressBookError extends UserError {
  override name = "AddressBookError";
}
