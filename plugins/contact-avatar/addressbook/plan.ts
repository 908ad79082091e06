/**
 * From the scanned address book and the contact list to what an import would
 * do: pure, so the dry run and --apply cannot disagree, and the rules are
 * tested without Telegram.
 */
import { plural } from "contact-userbot/sdk";
import type { PreparedImage } from "../image";
import type { ImportRecord } from "./importState";
import { matchCards, type CardMatch, type ContactEntry } from "./match";
import type { AddressCard } from "./parseCard";
import type { PhoneNormaliser } from "./phones";
import { cardLabel } from "./scan";

export interface ImportContact extends ContactEntry {
  /** The personal photo the owner sees now, if any (User.photo with `personal`). */
  personalPhotoId?: string;
  /** The contact shows a photo of their own (and no personal one). */
  hasOwnPhoto: boolean;
}

export interface ImportFlags {
  /** Skip contacts with a personal photo ("personal"), or with any photo ("any"). */
  onlyMissing?: "personal" | "any";
  /** Replace a personal photo the owner set by hand since the last import. */
  force?: boolean;
}

export interface PlannedChange {
  contact: ImportContact;
  card: AddressCard;
  how: "phone" | "name";
  photoHash: string;
  image: PreparedImage;
}

export interface ImportPlan {
  cards: number;
  withPhoto: number;
  byPhone: number;
  byName: number;
  ambiguous: string[];
  noContact: string[];
  problems: string[];
  skipped: string[];
  changes: PlannedChange[];
}

/** What the scan left of a card: its facts and, for a photo that could be read, the prepared image. */
export type ScannedPhoto = { ok: true; image: PreparedImage; photoHash: string } | { ok: false; problem: string };

export interface PlanInput {
  cards: AddressCard[];
  /** Cards that could not be read at all, as lines. */
  problems: string[];
  /** Names of every readable card (for name uniqueness). */
  allNames: (string | undefined)[];
  contacts: ImportContact[];
  /** The photo of each matched card, prepared (lazily: only matched cards need it). */
  photoOf(card: AddressCard): Promise<ScannedPhoto>;
  recordOf(contactId: string): ImportRecord | undefined;
  normalise: PhoneNormaliser;
  flags: ImportFlags;
}

export async function planImport(input: PlanInput): Promise<ImportPlan> {
  const withPhoto = input.cards.filter((c) => c.photo || c.photoProblem);
  const plan: ImportPlan = {
    cards: input.cards.length + input.problems.length,
    withPhoto: withPhoto.length,
    byPhone: 0,
    byName: 0,
    ambiguous: [],
    noContact: [],
    problems: [...input.problems],
    skipped: [],
    changes: [],
  };
  const matches = matchCards(withPhoto, input.contacts, input.normalise, input.allNames);
  for (const match of matches) {
    const label = cardLabel(match.card.index, match.card.name);
    if (match.kind === "unmatched") {
      plan.noContact.push(label);
      continue;
    }
    if (match.kind === "ambiguous") {
      plan.ambiguous.push(`${label}: ${match.why} (${match.candidates.map(contactName).join(", ")})`);
      continue;
    }
    if (match.kind === "phone") plan.byPhone++;
    else plan.byName++;
    await planOne(match, label, input, plan);
  }
  return plan;
}

async function planOne(match: Extract<CardMatch, { kind: "phone" | "name" }>, label: string, input: PlanInput, plan: ImportPlan): Promise<void> {
  const contact = input.contacts.find((c) => c.id === match.contact.id)!;
  const name = contactName(contact);
  if (match.card.photoProblem) {
    plan.problems.push(`${label}: ${match.card.photoProblem}`);
    return;
  }
  if (input.flags.onlyMissing && contact.personalPhotoId) return void plan.skipped.push(`${name}: already has a personal photo (--only-missing)`);
  if (input.flags.onlyMissing === "any" && contact.hasOwnPhoto) return void plan.skipped.push(`${name}: has a photo of their own (--only-missing=any)`);
  const record = input.recordOf(contact.id);
  const handSet = record !== undefined && record.photoId !== undefined && contact.personalPhotoId !== record.photoId;
  if (handSet && !input.flags.force) {
    const what = contact.personalPhotoId ? "set a different personal photo" : "removed the imported photo";
    return void plan.skipped.push(`${name}: you ${what} since the last import (--force replaces it)`);
  }
  const photo = await input.photoOf(match.card);
  if (!photo.ok) return void plan.problems.push(`${label}: ${photo.problem}`);
  if (record && record.photoHash === photo.photoHash && !handSet) return void plan.skipped.push(`${name}: unchanged since the last import`);
  plan.changes.push({ contact, card: match.card, how: match.kind, photoHash: photo.photoHash, image: photo.image });
}

export function contactName(contact: ContactEntry): string {
  return `${contact.firstName} ${contact.lastName}`.trim() || `user ${contact.id}`;
}

/** The dry run's answer (and the head of --apply's). */
export function formatPlan(plan: ImportPlan, opts: { apply: boolean }): string {
  const lines = [
    `Address book: ${plural(plan.cards, "card")}, ${plan.withPhoto} with a photo`,
    `Matched by phone: ${plan.byPhone}, by name: ${plan.byName}, ambiguous: ${plan.ambiguous.length}, no Telegram contact: ${plan.noContact.length}`,
  ];
  if (plan.changes.length > 0) {
    lines.push(`${opts.apply ? "Changing" : "Would change"} (${plan.changes.length}):`);
    for (const c of plan.changes) lines.push(`  ${contactName(c.contact)} ← ${cardLabel(c.card.index, c.card.name)}, by ${c.how}`);
  } else {
    lines.push("Nothing to change.");
  }
  if (plan.ambiguous.length > 0) lines.push(`Ambiguous, not applied (${plan.ambiguous.length}):`, ...plan.ambiguous.map((a) => `  ${a}`));
  if (plan.noContact.length > 0) lines.push(`No Telegram contact (${plan.noContact.length}): ${plan.noContact.join(", ")}`);
  if (plan.problems.length > 0) lines.push(`Cannot be used (${plan.problems.length}):`, ...plan.problems.map((p) => `  ${p}`));
  if (plan.skipped.length > 0) lines.push(`Skipped (${plan.skipped.length}):`, ...plan.skipped.map((s) => `  ${s}`));
  if (!opts.apply && plan.changes.length > 0) lines.push("Dry run: nothing was changed. Add --apply to do it.");
  return lines.join("\n");
}
