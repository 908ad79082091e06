/**
 * When Telegram does not answer a contact-photo call (a timeout, or a
 * connection lost after the request went out), the change may or may not
 * have been made. Telling the owner "failed, try again" would be untrue when
 * it was made, and for a suggestion a retry would send the contact a second
 * one. So:
 *
 * - before the call, note what is there (the newest message in the chat for
 *   a suggestion, the personal photo for a set): one cheap request;
 * - right after such an outcome, look at what Telegram holds: a suggestion
 *   service message newer than the noted one, a personal photo other than
 *   the noted one, or none left after a reset. If the change is there, it is
 *   reported as done; if not, the owner is told so (or that it cannot be
 *   told), and a suggestion's attempt is remembered;
 * - a repeated suggestion of the same prepared media to the same contact
 *   within `windowMs` of such an attempt first looks in the chat again (the
 *   request may have been applied late) and sends nothing when the
 *   suggestion is there.
 */
import { createHash } from "node:crypto";
import { RequestTimeoutError, UserError, type Logger, type Message, type Telegram, type UserRef } from "contact-userbot/sdk";
import { bytesOf, type AvatarIntent, type AvatarMedia } from "./avatarMedia";

/** The outcome could not be learnt, and what Telegram holds does not show the change either. */
export class UnclearOutcomeError extends UserError {
  override name = "UnclearOutcomeError";
}

export interface UnclearChange {
  intent: AvatarIntent;
  user: UserRef;
  media?: AvatarMedia;
}

/** What Telegram holds after an unclear outcome: the change is there, it is not, or it cannot be told. */
export type Seen = "made" | "not-made" | "unknown";

/** What was there before the call, to tell a new change from an earlier one. */
export interface Anchor {
  /** The newest message id in the chat with the contact (suggest). */
  messageId?: number;
  /** The personal photo the owner saw (set). */
  personalPhotoId?: bigint | "none";
}

export interface UnclearOutcomeOptions {
  /** How long a repeat is checked against an earlier unclear suggestion (default 15 min). */
  windowMs?: number;
  now?: () => number;
  /** Messages of the chat read to find the suggestion (default 20). */
  historyLimit?: number;
}

/** The look before the call must not hold the change up for long. */
const ANCHOR_TIMEOUT_MS = 5000;

interface Attempt {
  at: number;
  anchor: Anchor;
}

export class UnclearOutcomes {
  private readonly attempts = new Map<string, Attempt>();
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly historyLimit: number;

  constructor(
    private readonly telegram: Telegram,
    private readonly log: Logger,
    opts: UnclearOutcomeOptions = {},
  ) {
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.now = opts.now ?? Date.now;
    this.historyLimit = opts.historyLimit ?? 20;
  }

  /** Whether `err` leaves the call's outcome unknown (it was sent, and no answer came). */
  static isUnclear(err: unknown): boolean {
    return err instanceof RequestTimeoutError;
  }

  /**
   * Before a suggestion: if an earlier one of the same media to the same
   * contact had an unclear outcome within the window, and its suggestion
   * has reached the chat since, that suggestion (send nothing).
   */
  async beforeSuggest(change: UnclearChange): Promise<Message | undefined> {
    if (change.intent !== "suggest") return undefined;
    const key = keyOf(change);
    const attempt = this.attempts.get(key);
    if (!attempt || this.now() - attempt.at > this.windowMs || attempt.anchor.messageId === undefined) {
      this.attempts.delete(key);
      return undefined;
    }
    const suggestion = await this.findSuggestion(change.user, attempt.anchor.messageId);
    if (!suggestion) return undefined;
    // Told now; a further repeat is the owner's deliberate choice.
    this.attempts.delete(key);
    this.log.info(`a suggestion of the same photo to user ${idOf(change.user)} reached the chat after an unclear outcome; not sending another`, {
      messageId: suggestion.id,
    });
    return suggestion;
  }

  /**
   * What is there before the call (best effort: without it, an unclear
   * outcome is reported as such). Resets need none: the command checked
   * that there is a personal photo to remove.
   */
  async anchor(change: UnclearChange): Promise<Anchor> {
    const opts = { timeoutMs: ANCHOR_TIMEOUT_MS };
    try {
      if (change.intent === "suggest") {
        const [newest] = await this.telegram.messages.history(peerOf(change.user), { limit: 1, ...opts });
        return { messageId: newest?.id ?? 0 };
      }
      if (change.intent === "set") {
        const full = await this.telegram.users.full(change.user, opts);
        return { personalPhotoId: full.personalPhoto?.id ?? "none" };
      }
    } catch (err) {
      this.log.debug(`could not note the state before the ${change.intent} call: ${(err as Error).message}`);
    }
    return {};
  }

  /** A definite outcome: a repeat needs no check. */
  settled(change: UnclearChange): void {
    if (change.intent === "suggest") this.attempts.delete(keyOf(change));
  }

  /**
   * After `err` left the outcome of a change unknown: returns when the change
   * is seen on Telegram (report it as done); otherwise throws an
   * UnclearOutcomeError saying what is known, and remembers the attempt.
   */
  async afterUnclear(change: UnclearChange, err: Error, anchor: Anchor): Promise<void> {
    this.log.warn(`no answer to the ${change.intent} call for user ${idOf(change.user)} (${err.message}); checking what Telegram holds`);
    const seen = await this.look(change, anchor).catch((lookErr: unknown): Seen => {
      this.log.warn(`could not check the outcome: ${(lookErr as Error).message}`);
      return "unknown";
    });
    if (seen === "made") {
      this.log.info(`the ${change.intent} for user ${idOf(change.user)} was made after all (seen on Telegram)`);
      this.settled(change);
      return;
    }
    if (change.intent === "suggest") this.attempts.set(keyOf(change), { at: this.now(), anchor });
    throw new UnclearOutcomeError(unseenText(change.intent, seen));
  }

  private async look(change: UnclearChange, anchor: Anchor): Promise<Seen> {
    if (change.intent === "suggest") {
      if (anchor.messageId === undefined) return "unknown";
      return (await this.findSuggestion(change.user, anchor.messageId)) ? "made" : "not-made";
    }
    const personal = (await this.telegram.users.full(change.user)).personalPhoto;
    if (change.intent === "reset") return personal === undefined ? "made" : "not-made";
    if (anchor.personalPhotoId === undefined) return personal === undefined ? "not-made" : "unknown";
    return personal !== undefined && personal.id !== anchor.personalPhotoId ? "made" : "not-made";
  }

  /** The newest suggestion service message the owner sent in the chat after message `afterId`. */
  private async findSuggestion(user: UserRef, afterId: number): Promise<Message | undefined> {
    const history = await this.telegram.messages.history(peerOf(user), { limit: this.historyLimit });
    return history.find((m) => m.id > afterId && m.service && m.out && m.suggestedPhoto !== undefined);
  }
}

function unseenText(intent: AvatarIntent, seen: Seen): string {
  const what = intent === "suggest" ? "the suggestion" : intent === "set" ? "the personal photo" : "the removal of the personal photo";
  if (seen === "unknown" && intent === "suggest") {
    return "Telegram did not answer in time, and I could not check whether the suggestion went through: it may or may not have been sent (look in your chat with them). Sending the command again checks the chat first, so they do not get two.";
  }
  if (seen === "unknown") {
    return `Telegram did not answer in time, and I could not check whether ${what} went through. It may or may not have been made: .pfpinfo shows what you see now.`;
  }
  if (intent === "suggest") {
    return "Telegram did not answer in time, and no suggestion message has reached the chat so far. Send the command again: it checks the chat first, so the contact does not get two.";
  }
  return `Telegram did not answer in time, and ${what} is not to be seen on Telegram: nothing changed so far. Try again.`;
}

/** The contact and exactly the prepared media: a different crop or size is a different suggestion. */
function keyOf(change: UnclearChange): string {
  const hash = createHash("sha256");
  hash.update(`${change.intent}:${idOf(change.user)}:`);
  const media = change.media;
  const bytes = media ? bytesOf(media) : undefined;
  if (bytes) hash.update(bytes);
  else if (media?.kind === "markup") hash.update(JSON.stringify(media.markup, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
  return hash.digest("hex");
}

function peerOf(user: UserRef): { kind: "user"; id: bigint } {
  return { kind: "user", id: idOf(user) };
}

function idOf(user: UserRef): bigint {
  return typeof user === "bigint" ? user : user.id;
}
