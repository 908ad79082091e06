import { Api } from "telegram";
import type { Gateway } from "../gateway";
import { bigInteger, rawMessageOf, toMessage } from "../mapping";
import type { Message } from "../model";
import type { MessagesApi } from "../types";

/** Telegram's most photos in one album. */
const MAX_ALBUM = 10;

export function messagesApi(gw: Gateway): MessagesApi {
  const get: MessagesApi["get"] = async (chat, ids, opts) => {
    const peer = await gw.peers.inputPeer(chat, opts);
    const list = await gw.run("messages.getMessages", opts ?? {}, () => gw.client.getMessages(peer, { ids }));
    return Array.from(list, (m: unknown) => (m instanceof Api.Message || m instanceof Api.MessageService ? toMessage(m) : undefined));
  };
  return {
    async send(chat, text, opts = {}) {
      const peer = await gw.peers.inputPeer(chat, opts);
      const sent = await gw.run("messages.sendMessage", opts, () =>
        gw.client.sendMessage(peer, { message: text, replyTo: opts.replyTo, parseMode: false, linkPreview: false }),
      );
      const message = toMessage(sent);
      // GramJS builds the answer to a short "sent" update without the reply header.
      if (opts.replyTo !== undefined && message.replyToId === undefined) message.replyToId = opts.replyTo;
      return message;
    },

    async edit(chat, id, text, opts = {}) {
      const peer = await gw.peers.inputPeer(chat, opts);
      const edited = await gw.run("messages.editMessage", opts, () => gw.client.editMessage(peer, { message: id, text, parseMode: false, linkPreview: false }));
      return toMessage(edited);
    },

    async delete(chat, ids, opts = {}) {
      const peer = await gw.peers.inputPeer(chat, opts);
      await gw.run("messages.deleteMessages", opts, () => gw.client.deleteMessages(peer, ids, { revoke: true }));
    },

    get,

    async replied(message, opts) {
      const replyTo = message.replyToId;
      if (replyTo === undefined) return undefined;
      const [found] = await get(message.chat, [replyTo], opts);
      return found;
    },

    async sendFile(chat, opts) {
      const peer = await gw.peers.inputPeer(chat, opts);
      const file = await gw.upload(opts.name, opts.bytes, opts);
      const video = opts.video;
      const sent = await gw.run("messages.sendMedia", opts, () =>
        gw.client.sendFile(peer, {
          file,
          caption: opts.caption,
          replyTo: opts.replyTo,
          forceDocument: opts.asDocument ?? false,
          parseMode: false,
          // GramJS guesses a video's attributes from the name alone (1×1, 0 s): give the real ones.
          ...(video
            ? {
                supportsStreaming: true,
                attributes: [new Api.DocumentAttributeVideo({ w: video.width, h: video.height, duration: video.durationSec, supportsStreaming: true })],
              }
            : {}),
        }),
      );
      return toMessage(sent);
    },

    async sendAlbum(chat, items, opts = {}) {
      if (items.length < 1 || items.length > MAX_ALBUM) throw new RangeError(`messages.sendAlbum: 1 to ${MAX_ALBUM} items, not ${items.length}`);
      const peer = await gw.peers.inputPeer(chat, opts);
      const files: Api.TypeInputFile[] = [];
      for (const item of items) files.push(await gw.upload(item.name, item.bytes, opts));
      // GramJS sends an array of files as an album: messages.uploadMedia for each, then one messages.sendMultiMedia.
      const sent: unknown = await gw.run("messages.sendMultiMedia", opts, () =>
        gw.client.sendFile(peer, { file: files, caption: items.map((i) => i.caption ?? ""), replyTo: opts.replyTo, forceDocument: false, parseMode: false }),
      );
      const list = Array.isArray(sent) ? sent : [sent];
      return list.filter((m): m is Api.Message => m instanceof Api.Message).map(toMessage);
    },

    async history(chat, opts = {}) {
      const peer = await gw.peers.inputPeer(chat, opts);
      const result = await gw.call(
        new Api.messages.GetHistory({
          peer,
          offsetId: opts.offsetId ?? 0,
          offsetDate: 0,
          addOffset: 0,
          limit: opts.limit ?? 100,
          maxId: 0,
          minId: 0,
          hash: bigInteger(0n),
        }),
        opts,
      );
      if (result instanceof Api.messages.MessagesNotModified) return [];
      return result.messages.flatMap((m) => (m instanceof Api.Message || m instanceof Api.MessageService ? [toMessage(m)] : []));
    },
  };
}

/** The GramJS message behind an owned one, fetched again when the link was lost (a copied object). */
export async function rawMessage(gw: Gateway, message: Message, opts: Parameters<Gateway["call"]>[1]): Promise<Api.Message | Api.MessageService | undefined> {
  const raw = rawMessageOf(message);
  if (raw) return raw;
  const [again] = await messagesApi(gw).get(message.chat, [message.id], opts);
  return again ? rawMessageOf(again) : undefined;
}
