/**
 * GramJS keeps one "exported" sender per DC for file parts and, 30 s after
 * its last use, disconnects it (telegramBaseClient's release timer) but keeps
 * it in `_exportedSenderPromises`. Borrowing that sender again reconnects it
 * in place, and requests queued on it then never get an answer: seen here as
 * saveFilePart timing out after ffmpeg spent more than 30 s between a video's
 * download and its avatar's upload, followed by GramJS's "hanging states"
 * reconnect storm. A released sender is therefore forgotten before a transfer,
 * so GramJS makes a fresh one (as on first use).
 */
import type { TelegramClient } from "telegram";

interface ExportedSender {
  isConnected(): boolean;
  isConnecting?: boolean;
  userDisconnected?: boolean;
}

interface SenderMaps {
  _exportedSenderPromises?: Map<number, Promise<ExportedSender | undefined>>;
  _exportedSenderReleaseTimeouts?: Map<number, NodeJS.Timeout>;
}

/** Forgets the exported sender for `dcId` if GramJS released (disconnected) it; a live one is kept. */
export async function forgetReleasedSender(client: TelegramClient, dcId: number): Promise<void> {
  const maps = client as unknown as SenderMaps;
  const pending = maps._exportedSenderPromises?.get(dcId);
  if (!pending) return;
  const sender = await pending.catch(() => undefined);
  if (maps._exportedSenderPromises?.get(dcId) !== pending) return;
  if (sender && (sender.isConnected() || sender.isConnecting)) return;
  maps._exportedSenderPromises?.delete(dcId);
  const timer = maps._exportedSenderReleaseTimeouts?.get(dcId);
  if (timer) clearTimeout(timer);
  maps._exportedSenderReleaseTimeouts?.delete(dcId);
}
