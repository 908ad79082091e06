import dotenv from "dotenv";
import path from "node:path";
import { buildTelegram } from "./app/buildTelegram";
import { loadConfig } from "./config/loadConfig";
import { MISSING_API_CREDENTIALS, readEnv } from "./config/env";
import { ConfigError, ConnectionFailedError, SessionRevokedError, UserError } from "./core/errors";
import { Host } from "./host/host";
import { createLogger, parseLogLevel } from "./log/logger";
import { Redactor } from "./log/redact";
import { login } from "./telegram/login";
import { qrLogin } from "./telegram/qrLogin";
import { readSessionFile, sessionFilePath, sessionStringProblem, writeSessionFile } from "./telegram/sessionFile";
import { terminalPrompts } from "./telegram/terminalPrompts";

/** Exit codes: 0 clean stop, 1 unexpected failure, 2 something the owner must fix (config, session). */
const EXIT_FIX_SETUP = 2;

async function main(argv: string[]): Promise<number> {
  dotenv.config({ quiet: true });
  const loginOnly = argv.includes("--login-only");
  // `npm run login -- --qr` (or `npm start -- --qr`): log in by QR code without being asked.
  const qrAsked = argv.includes("--qr");
  const env = readEnv();
  const config = loadConfig(env.configDir);
  const redactor = new Redactor();
  const log = createLogger({ level: parseLogLevel(env.logLevel), redactor, scope: "main" });

  if (!env.apiId || !env.apiHash) return fail(MISSING_API_CREDENTIALS);
  redactor.addSecret(env.apiHash);
  const sessionFile = sessionFilePath(env.dataDir);
  const savedSession = env.session ?? readSessionFile(sessionFile);
  if (savedSession) redactor.addSecret(savedSession);
  if (!savedSession && !process.stdin.isTTY) {
    return fail(
      `Not logged in, and there is no terminal to log in from.\n` +
        `Run "npm run login" in a terminal once (it saves the session to ${sessionFile}), ` +
        `or set TG_SESSION in the environment.`,
    );
  }

  const credentials = { ...env, apiId: env.apiId, apiHash: env.apiHash };
  const sessionSource = env.session ? env.sessionVar : sessionFile;
  const problem = savedSession === undefined ? undefined : sessionStringProblem(savedSession);
  if (problem) return fail(`The saved session (${sessionSource}) ${problem}: log in again with "npm run login".`);
  let telegram: ReturnType<typeof buildTelegram>;
  try {
    telegram = buildTelegram(credentials, config.app, savedSession ?? "", log);
  } catch (err) {
    // GramJS refuses what our shape check let through only for reasons of its own: still the session's fault.
    if (!savedSession) throw err;
    return fail(`The saved session (${sessionSource}) is not a usable session string: log in again with "npm run login".`);
  }
  try {
    let loginNeeded = !savedSession;
    if (savedSession) {
      try {
        const me = await telegram.connect();
        log.info(`connected as ${me.firstName ?? ""}${me.username ? ` (@${me.username})` : ""}`);
      } catch (err) {
        // `npm run login` is how the owner recovers from a logged-out session: log in afresh instead of failing again.
        if (!(loginOnly && err instanceof SessionRevokedError && process.stdin.isTTY)) throw err;
        log.warn(`the saved session was logged out (${err.reason}); logging in again`);
        await telegram.close();
        telegram = buildTelegram(credentials, config.app, "", log);
        loginNeeded = true;
      }
    }
    if (loginNeeded) {
      const prompts = terminalPrompts();
      const method = qrAsked ? "qr" : await prompts.chooseMethod();
      const session = method === "qr" ? await qrLogin(telegram, prompts, redactor, log) : await login(telegram, prompts, redactor, log);
      await writeSessionFile(sessionFile, session);
      log.info(`session saved to ${sessionFile} (mode 0600); keep it private`);
      if (env.sessionVar) log.warn(`${env.sessionVar} is set and takes precedence over ${sessionFile}: update or remove it`);
    } else if (loginOnly) {
      log.info(`already logged in; to log in as someone else, delete ${sessionFile} and run "npm run login" again`);
    }
    if (loginOnly) {
      await telegram.close();
      return 0;
    }
  } catch (err) {
    await telegram.close();
    throw err;
  }

  let stop: ((signal: string, code?: number) => void) | undefined;
  const host = new Host({
    telegram,
    config,
    log: log.child("host"),
    dataDir: env.dataDir,
    pluginsDir: path.resolve(env.pluginsDir),
    // A logged-out session cannot recover by retrying: stop with "fix the setup" instead of failing forever.
    onSessionRevoked: (err) => {
      process.stderr.write(err.message + "\n");
      stop?.("session revoked", EXIT_FIX_SETUP);
    },
  });
  await host.start();
  const loaded = host.plugins.list().filter((p) => p.status === "loaded").length;

  return new Promise<number>((resolve) => {
    let stopping = false;
    stop = (signal: string, code = 0) => {
      if (stopping) {
        // A second Ctrl-C means "now"; anything else (another revoked notice) is already being handled.
        if (!signal.startsWith("SIG")) return;
        log.warn(`${signal} again: exiting now`);
        process.exit(1);
      }
      stopping = true;
      const limitMs = config.app.shutdownTimeoutSeconds * 1000;
      log.info(`${signal}: stopping (at most ${config.app.shutdownTimeoutSeconds} s)`);
      // The last guard of a bounded stop: whatever still hangs (a transfer that ignores its signal), the process ends in time.
      setTimeout(() => {
        log.warn(`not stopped within ${config.app.shutdownTimeoutSeconds} s (shutdownTimeoutSeconds): exiting now`);
        process.exit(1);
      }, limitMs).unref();
      void host
        .stop()
        .catch((err) => log.error("stop failed", { err }))
        .then(() => telegram.close())
        .then(() => {
          log.info("stopped");
          resolve(code);
          // Nothing of ours is left; a socket GramJS keeps open must not hold the exit up.
          setTimeout(() => process.exit(code), 500).unref();
        });
    };
    process.on("SIGINT", () => stop?.("SIGINT"));
    process.on("SIGTERM", () => stop?.("SIGTERM"));
    // "ready" only once the signal handlers are in place: a supervisor may send SIGTERM the moment it reads it.
    log.info(`ready: ${loaded} plugin(s), ${host.registry.all().length} commands, ${Math.round(process.uptime() * 1000)} ms after start`);
  });
}

function fail(message: string): number {
  process.stderr.write(message + "\n");
  return EXIT_FIX_SETUP;
}

/**
 * After a failure the process ends now, whatever GramJS still holds: a
 * connection the server refused (an auth key it does not know) keeps a
 * socket open for a request's time limit even after close().
 */
function exitSoon(): void {
  setTimeout(() => process.exit(), 500).unref();
}

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (code !== 0) exitSoon();
  },
  (err: unknown) => {
    exitSoon();
    if (err instanceof ConfigError || err instanceof SessionRevokedError || err instanceof UserError) {
      process.exitCode = fail(err.message);
      return;
    }
    if (err instanceof ConnectionFailedError) {
      // Possibly passing (network down): exit 1 so that systemd or pm2 tries again later.
      process.stderr.write(err.message + "\n");
      process.exitCode = 1;
      return;
    }
    // A bug, not the owner's mistake: one line by default, the stack with LOG_LEVEL=debug.
    const detail = process.env.LOG_LEVEL === "debug" && err instanceof Error ? `\n${err.stack}` : "";
    process.stderr.write(`Unexpected failure: ${err instanceof Error ? err.message : String(err)}${detail}\n`);
    process.exitCode = 1;
  },
);
