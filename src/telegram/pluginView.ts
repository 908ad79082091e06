import type { Telegram } from "./types";

/**
 * The object plugins are given: the Telegram interface and nothing else.
 * The service itself holds the GramJS client and can save the session; a
 * plugin that got the service could reach both with a cast. This view is a
 * separate, frozen object whose functions close over the service, so there is
 * no property to reach it through.
 */
export function pluginView(service: Telegram): Telegram {
  const view: Telegram = {
    self: () => service.self(),
    users: Object.freeze({ ...service.users }),
    contacts: Object.freeze({ ...service.contacts }),
    messages: Object.freeze({ ...service.messages }),
    media: Object.freeze({ ...service.media }),
    contactPhotos: Object.freeze({ ...service.contactPhotos }),
    stickers: Object.freeze({ ...service.stickers }),
    ping: (opts) => service.ping(opts),
    invoke: (request, opts) => service.invoke(request, opts),
  };
  return Object.freeze(view);
}
