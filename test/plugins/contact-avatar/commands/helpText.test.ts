import fs from "node:fs";
import path from "node:path";
import { parseColour } from "../../../../plugins/contact-avatar/colours";
import { BG_FORMS, setPhotoCommand } from "../../../../plugins/contact-avatar/commands/setPhoto";
import type { AvatarService } from "../../../../plugins/contact-avatar/service/avatarService";

const README = fs.readFileSync(path.resolve(__dirname, "../../../../README.md"), "utf8");
const noService = (): AvatarService => {
  throw new Error("not used");
};

describe(".setpfp help and the README", () => {
  it("should name the same --bg colour forms, each of which parseColour takes", () => {
    const help = setPhotoCommand("set", noService).help ?? "";
    expect(help).toContain(`--bg=<colour>  background for fit and transparency: ${BG_FORMS}`);
    // The README wraps lines; compare with its whitespace collapsed.
    expect(README.replace(/\s+/g, " ")).toContain(`\`--bg=<colour>\` (${BG_FORMS})`);
    for (const typed of ["#1e90ff", "1e90ff", "#19f", "navy"]) expect(() => parseColour(typed)).not.toThrow();
  });

  it("should document --theirs and --withdraw in .help and the README", () => {
    expect(setPhotoCommand("set", noService).help).toContain("--theirs[=N]");
    expect(setPhotoCommand("suggest", noService).help).toContain("--withdraw");
    expect(README).toContain("--theirs");
    expect(README).toContain("--withdraw");
    expect(README).toContain(".pfpundo");
  });
});
