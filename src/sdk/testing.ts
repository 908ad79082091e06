/**
 * contact-userbot/sdk/testing: the test harness for plugin authors (see
 * docs/PLUGINS.md, "Testing your plugin"). It runs the real host against the
 * local Telegram server, which lives with the server in local-telegram/.
 */
export * from "../../local-telegram/testHost";
