import { Api } from "telegram";
import type { Gateway } from "../gateway";
import { bigInteger, rawMessageOf, toMessage } from "../mapping";
import type { Message } from "../model";
import type { MessagesApi } from "../types";

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
      const edited = await gw.run("messages.editMessage", opts, () =>
        gw.client.editMessage(peer, { message: id, text, parseMode: false, linkPreview: false }),
      );
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

