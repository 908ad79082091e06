import { UsageError } from "../../src/core/errors";
import { matchCommand, parseCommand, splitArgs } from "../../src/commands/parser";

describe("parseCommand", () => {
  const prefixes = [".", "!", "bot "];

  it("should read the prefix, the lower-cased name and the arguments", () => {
    expect(parseCommand(".Avatar @bob --BG=red", prefixes)).toEqual({
      prefix: ".",
      name: "avatar",
      args: { positional: ["@bob"], options: { bg: "red" }, raw: "@bob --BG=red" },
    });
  });

  it("should accept every configured prefix, including several characters long", () => {
    expect(parseCommand("!ping", prefixes)?.prefix).toBe("!");
    expect(parseCommand("bot help me", prefixes)).toMatchObject({
      prefix: "bot ",
      name: "help",
      args: { positional: ["me"] },
    });
  });

  it("should match a word prefix case-insensitively and report it as configured", () => {
    expect(parseCommand("Bot help", prefixes)).toMatchObject({ prefix: "bot ", name: "help" });
  });

  it("should prefer the longest matching prefix", () => {
    expect(parseCommand("!!x", ["!", "!!"])).toMatchObject({ prefix: "!!", name: "x" });
    expect(parseCommand("!x", ["!!", "!"])).toMatchObject({ prefix: "!", name: "x" });
  });

  it("should allow digits, underscores, dashes and non-Latin letters in names", () => {
    expect(parseCommand(".set_bg-2", prefixes)?.name).toBe("set_bg-2");
    expect(parseCommand(".Привет мир", prefixes)).toMatchObject({ name: "привет", args: { positional: ["мир"] } });
  });

  it.each([
    ["", "empty text"],
    [".", "a prefix alone"],
    [". hi", "a space after the prefix"],
    ["...", "repeated prefix characters"],
    ["....", "more repeated prefix characters"],
    ["hello", "no prefix"],
    [" .hi", "leading space"],
    [".hi!", "punctuation glued to the name"],
    [".-x", "a name starting with a dash"],
    ["bothelp", "a word prefix without its space"],
    ["?help", "an unconfigured prefix"],
  ])("should not treat %p as a command (%s)", (text) => {
    expect(parseCommand(text, prefixes)).toBeUndefined();
  });

  it("should not treat anything as a command when no prefix is configured", () => {
    expect(parseCommand(".hi", [])).toBeUndefined();
    expect(parseCommand("hi", [""])).toBeUndefined();
  });

  it("should give empty arguments for a bare command", () => {
    expect(parseCommand(".help", prefixes)?.args).toEqual({ positional: [], options: {}, raw: "" });
  });

  it("should split arguments on a newline right after the name", () => {
    expect(parseCommand(".note\nline one\nline two", prefixes)).toMatchObject({
      name: "note",
      args: { positional: ["line", "one", "line", "two"], raw: "line one\nline two" },
    });
  });

  it("should propagate an unclosed quote as a UsageError", () => {
    expect(() => parseCommand('.say "hello', prefixes)).toThrow(UsageError);
  });
});

describe("matchCommand", () => {
  it("should name the command without splitting its arguments, so it never throws", () => {
    expect(matchCommand('.Say "unclosed', ["."])).toEqual({ prefix: ".", name: "say", rest: ' "unclosed' });
    expect(matchCommand("bot help", [".", "bot "])).toEqual({ prefix: "bot ", name: "help", rest: "" });
    expect(matchCommand(". hi", ["."])).toBeUndefined();
  });
});

describe("splitArgs", () => {
  it("should return nothing for empty or blank input", () => {
    expect(splitArgs("")).toEqual({ positional: [], options: {}, raw: "" });
    expect(splitArgs("  \n\t ")).toEqual({ positional: [], options: {}, raw: "" });
  });

  it("should split on any Unicode whitespace, newlines included", () => {
    expect(splitArgs("a  b\nc\td\u00a0e\u3000f").positional).toEqual(["a", "b", "c", "d", "e", "f"]);
  });

  it("should keep raw exactly as typed apart from surrounding space", () => {
    expect(splitArgs('  "a  b"   --x=1  ').raw).toBe('"a  b"   --x=1');
  });

  it("should keep spaces inside double and single quotes", () => {
    expect(splitArgs(`"hello world" 'two  words' plain`).positional).toEqual(["hello world", "two  words", "plain"]);
  });

  it("should join quoted and unquoted parts of one word", () => {
    expect(splitArgs(`a"b c"d`).positional).toEqual(["ab cd"]);
  });

  it("should keep an empty quoted argument", () => {
    expect(splitArgs(`"" x`).positional).toEqual(["", "x"]);
  });

  it("should honour backslash escapes outside and inside double quotes", () => {
    expect(splitArgs(String.raw`a\ b \"q\" "say \"hi\" \\ ok"`).positional).toEqual(["a b", '"q"', 'say "hi" \\ ok']);
  });

  it("should keep a backslash before an ordinary character", () => {
    expect(splitArgs(String.raw`C:\photos "\d+"`).positional).toEqual([String.raw`C:\photos`, String.raw`\d+`]);
  });

  it("should take everything literally inside single quotes", () => {
    expect(splitArgs(String.raw`'a \" b'`).positional).toEqual([String.raw`a \" b`]);
  });

  it("should treat an apostrophe inside a word as a letter", () => {
    expect(splitArgs("don't stop it's fine").positional).toEqual(["don't", "stop", "it's", "fine"]);
  });

  it("should treat phone-style curly quotes as double quotes", () => {
    expect(splitArgs("\u201Clight blue\u201D x").positional).toEqual(["light blue", "x"]);
  });

  it("should pass emoji, Cyrillic and right-to-left text through intact", () => {
    const words = ["👍🏽", "👨‍👩‍👧", "Привет", "שלום", "مرحبا", "🇩🇪"];
    expect(splitArgs(words.join(" ")).positional).toEqual(words);
    expect(splitArgs('"😀 😃" --emoji=🎉').options).toEqual({ emoji: "🎉" });
  });

  it("should read flags and key=value options with lower-cased keys", () => {
    expect(splitArgs("--Force --crop=Center --empty= x")).toEqual({
      positional: ["x"],
      options: { force: true, crop: "Center", empty: "" },
      raw: "--Force --crop=Center --empty= x",
    });
  });

  it("should accept quoted option values", () => {
    expect(splitArgs(`--bg="light blue" --name='Bob Smith' --x=a=b`).options).toEqual({
      bg: "light blue",
      name: "Bob Smith",
      x: "a=b",
    });
  });

  it("should let the last occurrence of an option win", () => {
    expect(splitArgs("--bg=red --bg=blue").options).toEqual({ bg: "blue" });
  });

  it("should treat a quoted --word as positional", () => {
    expect(splitArgs(`"--not-an-option"`)).toMatchObject({ positional: ["--not-an-option"], options: {} });
  });

  it("should end options at a bare --", () => {
    expect(splitArgs("--a x -- --b y --")).toMatchObject({
      positional: ["x", "--b", "y", "--"],
      options: { a: true },
    });
  });

  it("should treat a lone dash, negative numbers and short dashes as positional", () => {
    expect(splitArgs("- -5 -x -0.5")).toMatchObject({ positional: ["-", "-5", "-x", "-0.5"], options: {} });
  });

  it("should treat --= as positional rather than an option without a name", () => {
    expect(splitArgs("--=x")).toMatchObject({ positional: ["--=x"], options: {} });
  });

  it.each([`"open`, `'open`, `a "b c`, `--bg="light`, `\u201Cno close`, String.raw`"escaped close\"`])(
    "should throw a UsageError for the unbalanced quote in %p",
    (input) => {
      expect(() => splitArgs(input)).toThrow(new UsageError("Unclosed quote in arguments"));
    },
  );
});
