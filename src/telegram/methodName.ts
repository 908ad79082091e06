// Its own file, free of GramJS: the plugin SDK's RefusedMethodError needs it, and the avatar CLI loads the SDK without a Telegram client.
/** The API method name as Telegram spells it ("photos.uploadContactProfilePhoto"). */
export function methodName(request: { className?: string }): string {
  const name = request.className ?? "request";
  const dot = name.lastIndexOf(".");
  return dot < 0 ? name : name.slice(0, dot + 1) + name.charAt(dot + 1).toLowerCase() + name.slice(dot + 2);
}
