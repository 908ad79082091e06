import { ConfigError } from "../../src/core/errors";
import { parseDc, parseDcList, readEnv } from "../../src/config/env";

describe("parseDc", () => {
  it.each([
    ["127.0.0.1:44301", { host: "127.0.0.1", port: 44301, dcId: 2 }],
    ["127.0.0.1:44301/4", { host: "127.0.0.1", port: 44301, dcId: 4 }],
    ["localhost:443", { host: "localhost", port: 443, dcId: 2 }],
    ["149.154.167.40:443/2", { host: "149.154.167.40", port: 443, dcId: 2 }],
    ["[::1]:443", { host: "::1", port: 443, dcId: 2 }],
    ["[2001:db8::1]:8443/3", { host: "2001:db8::1", port: 8443, dcId: 3 }],
    ["[::ffff:127.0.0.1]:443", { host: "::ffff:127.0.0.1", port: 443, dcId: 2 }],
    ["  10.0.0.1:1/1  ", { host: "10.0.0.1", port: 1, dcId: 1 }],
    ["example.org:65535", { host: "example.org", port: 65535, dcId: 2 }],
  ])("should read %p", (value, expected) => {
    expect(parseDc(value)).toEqual(expected);
  });

  it.each([
    "",
    "localhost",
    "localhost:",
    ":443",
    "localhost:http",
    "localhost:0",
    "localhost:65536",
    "localhost:123456",
    "localhost:443/",
    "localhost:443/x",
    "localhost:443/1234",
    "::1:443",
    "[::1]",
    "[]:443",
    "[::1]443",
    "[zz::1]:443",
    "local host:443",
    "tcp://localhost:443",
    "localhost:443:1",
  ])("should refuse %p with a ConfigError that names TELEGRAM_DC and the value", (value) => {
    const parse = () => parseDc(value);
    expect(parse).toThrow(ConfigError);
    expect(parse).toThrow(/^TELEGRAM_DC: expected host:port or host:port\/dcId/);
    expect(parse).toThrow(`got "${value}"`);
  });

  it("should refuse DC id 0 with its own message", () => {
    expect(() => parseDc("localhost:443/0")).toThrow(new ConfigError("TELEGRAM_DC: the DC id must be 1 or more, got 0"));
  });
});

describe("parseDcList", () => {
  it("should keep today's single-server form: every DC goes to it", () => {
    expect(parseDcList("127.0.0.1:44301/4")).toEqual({ home: { host: "127.0.0.1", port: 44301, dcId: 4 }, others: [] });
  });

  it("should pin each DC id to its address, the first entry being the account's own DC", () => {
    expect(parseDcList("2=127.0.0.1:4000, 4=[::1]:4001")).toEqual({
      home: { host: "127.0.0.1", port: 4000, dcId: 2 },
      others: [{ host: "::1", port: 4001, dcId: 4 }],
    });
  });

  it.each([
    ["2=127.0.0.1:4000,127.0.0.1:4001", 'expected id=host:port entries separated by commas (e.g. 2=127.0.0.1:4000,4=127.0.0.1:4001), got "127.0.0.1:4001"'],
    ["2=127.0.0.1:4000,2=127.0.0.1:4001", "DC 2 is listed twice"],
    ["2=127.0.0.1:4000/4", '"2=127.0.0.1:4000/4" names its DC twice; write 2=host:port'],
    ["0=127.0.0.1:4000", "the DC id must be 1 or more, got 0"],
    ["2=127.0.0.1:99999", "expected host:port"],
  ])("should refuse %p with a clear message", (value, message) => {
    expect(() => parseDcList(value)).toThrow(ConfigError);
    expect(() => parseDcList(value)).toThrow(message);
  });

  it("should give readEnv the home DC and the others", () => {
    expect(readEnv({ TELEGRAM_DC: "2=127.0.0.1:4000,4=127.0.0.1:4001" })).toMatchObject({
      dc: { host: "127.0.0.1", port: 4000, dcId: 2 },
      otherDcs: [{ host: "127.0.0.1", port: 4001, dcId: 4 }],
    });
  });
});

describe("readEnv", () => {
  it("should give defaults when nothing is set", () => {
    expect(readEnv({})).toEqual({
      apiId: undefined,
      apiHash: undefined,
      session: undefined,
      sessionVar: undefined,
      dc: undefined,
      otherDcs: [],
      logLevel: undefined,
      dataDir: "data",
      configDir: "config",
      pluginsDir: "plugins",
    });
  });

  it("should read and trim every variable", () => {
    const env = readEnv({
      API_ID: " 12345 ",
      API_HASH: " 0123abcd ",
      TG_SESSION: " 1AgAOMTQ5 ",
      TELEGRAM_DC: "127.0.0.1:44301/2",
      LOG_LEVEL: " debug ",
      DATA_DIR: " /var/lib/bot ",
      CONFIG_DIR: " /etc/bot ",
      PLUGINS_DIR: " /opt/plugins ",
    });
    expect(env).toEqual({
      apiId: 12345,
      apiHash: "0123abcd",
      session: "1AgAOMTQ5",
      sessionVar: "TG_SESSION",
      dc: { host: "127.0.0.1", port: 44301, dcId: 2 },
      otherDcs: [],
      logLevel: "debug",
      dataDir: "/var/lib/bot",
      configDir: "/etc/bot",
      pluginsDir: "/opt/plugins",
    });
  });

  it("should treat blank variables as unset", () => {
    const env = readEnv({ API_ID: "  ", API_HASH: "", TG_SESSION: "   ", TELEGRAM_DC: " ", DATA_DIR: "", CONFIG_DIR: " ", PLUGINS_DIR: "" });
    expect(env).toMatchObject({
      apiId: undefined,
      apiHash: undefined,
      session: undefined,
      dc: undefined,
      dataDir: "data",
      configDir: "config",
      pluginsDir: "plugins",
    });
  });

  it.each(["abc", "12abc", "-5", "0", "1.5", "12.0", "1e5", "0x10", "+7", "2147483648", "99999999999999999999"])(
    "should refuse API_ID %p with a ConfigError naming API_ID and the value",
    (value) => {
      const read = () => readEnv({ API_ID: value });
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(`API_ID: expected a positive whole number, got "${value}"`);
    },
  );

  it("should accept the largest 32-bit API_ID", () => {
    expect(readEnv({ API_ID: "2147483647" }).apiId).toBe(2147483647);
  });

  it("should pass a bad TELEGRAM_DC on as ConfigError", () => {
    expect(() => readEnv({ TELEGRAM_DC: "nonsense" })).toThrow(ConfigError);
  });

  it.each(["TG_SESSION", "SESSION_STRING", "STRING_SESSION", "MY_SESSION_2", "tg_session", "Session"])("should take the session from %p", (name) => {
    const env = readEnv({ [name]: "1BVtsOK" });
    expect(env.session).toBe("1BVtsOK");
    expect(env.sessionVar).toBe(name);
  });

  it("should ignore a session variable that is set but blank", () => {
    const env = readEnv({ TG_SESSION: "1BVtsOK", SESSION_STRING: "  " });
    expect(env.sessionVar).toBe("TG_SESSION");
  });

  it("should refuse several session variables, naming them but never their values", () => {
    const read = () => readEnv({ TG_SESSION: "secret-one", SESSION_STRING: "secret-two" });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow("Several session variables are set (SESSION_STRING, TG_SESSION); keep one");
    try {
      read();
    } catch (err) {
      expect((err as Error).message).not.toMatch(/secret/);
    }
  });

  it("should not count the session variables a Linux desktop sets", () => {
    const env = readEnv({
      XDG_SESSION_ID: "2",
      XDG_SESSION_TYPE: "wayland",
      XDG_SESSION_DESKTOP: "gnome",
      XDG_SESSION_CLASS: "user",
      DBUS_SESSION_BUS_ADDRESS: "unix:path=/run/user/1000/bus",
      SESSION_MANAGER: "local/host:@/tmp/.ICE-unix/1",
      DESKTOP_SESSION: "ubuntu",
      GNOME_DESKTOP_SESSION_ID: "this-is-deprecated",
      TG_SESSION: "1BVtsOK",
    });
    expect(env.sessionVar).toBe("TG_SESSION");
    expect(env.session).toBe("1BVtsOK");
  });

  it("should find no session on a desktop that only has system session variables", () => {
    expect(readEnv({ XDG_SESSION_ID: "2", DBUS_SESSION_BUS_ADDRESS: "unix:path=/x" }).session).toBeUndefined();
  });
});

describe("readEnv and the secrets", () => {
  it("should take API_HASH and the session variable out of the environment it read", () => {
    const env: NodeJS.ProcessEnv = { API_ID: "5", API_HASH: "0123456789abcdef0123456789abcdef", TG_SESSION: "1AbCdEf", HOME: "/home/x" };
    const read = readEnv(env);
    expect(read.apiHash).toBe("0123456789abcdef0123456789abcdef");
    expect(read.session).toBe("1AbCdEf");
    expect(env).toEqual({ API_ID: "5", HOME: "/home/x" });
  });
});
