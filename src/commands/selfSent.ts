/**
 * Remembers what the userbot itself sent, so that its own messages are never
 * taken as commands (a sudo user's `.echo .ping` must not loop).
 *
 * The update for a sent message can arrive before sendMessage() resolves, so
 * a send is registered by chat and text before it goes out, and by id after.
 */
export class SelfSentTracker {
  private readonly pending = new Map<string, number>();
  private readonly ids = new Set<string>();

  async track<T extends { id: number }>(chatId: bigint, text: string, send: () => Promise<T>): Promise<T> {
    const key = `${chatId}:${text}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    try {
      const sent = await send();
      this.remember(chatId, sent.id);
      return sent;
    } finally {
      const left = (this.pending.get(key) ?? 1) - 1;
      if (left > 0) this.pending.set(key, left);
      else this.pending.delete(key);
    }
  }

  remember(chatId: bigint, messageId: number): void {
    this.ids.add(`${chatId}:${messageId}`);
    // Only recent ids matter (the update follows within seconds); keep the set small.
    if (this.ids.size > 1000) this.ids.delete(this.ids.values().next().value as string);
  }

  isOwn(chatId: bigint, messageId: number, text: string): boolean {
    return this.ids.has(`${chatId}:${messageId}`) || this.pending.has(`${chatId}:${text}`);
  }
}
