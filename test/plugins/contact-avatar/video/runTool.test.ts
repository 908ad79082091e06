import { Deadline } from "../../../../plugins/contact-avatar/video/deadline";
import { FfmpegMissingError, FfmpegTimeoutError, ToolExitError, ToolOutputLimitError } from "../../../../plugins/contact-avatar/video/errors";
import { runTool } from "../../../../plugins/contact-avatar/video/runTool";

// Node itself stands in for ffmpeg: runTool is about the child process, not the tool.
const node = process.execPath;
const limits = (ms = 10_000) => ({ deadline: new Deadline(ms), maxStdoutBytes: 1024 * 1024 });

describe("runTool", () => {
  it("should pass arguments as they are, with no shell in between", async () => {
    const tricky = "a b; echo $HOME `id` 'q' \"d\"";
    const { stdout } = await runTool(node, ["-e", "process.stdout.write(process.argv[1])", tricky], limits());
    expect(stdout.toString()).toBe(tricky);
  });

  it("should kill a process that runs past the deadline and say so", async () => {
    const started = Date.now();
    await expect(runTool(node, ["-e", "setTimeout(() => {}, 60_000)"], limits(300))).rejects.toThrow(FfmpegTimeoutError);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("should refuse to start once the deadline has passed", async () => {
    const spent = new Deadline(0);
    await expect(runTool(node, ["-e", ""], { deadline: spent, maxStdoutBytes: 10 })).rejects.toThrow(FfmpegTimeoutError);
  });

  it("should kill a process that writes more than the stdout limit", async () => {
    const flood = "const b = Buffer.alloc(65536); (function w() { process.stdout.write(b, w); })()";
    await expect(runTool(node, ["-e", flood], { deadline: new Deadline(10_000), maxStdoutBytes: 256 * 1024 })).rejects.toThrow(ToolOutputLimitError);
  });

  it("should report a failure exit with the tail of stderr", async () => {
    const script = "process.stderr.write('x'.repeat(10000) + 'the real reason'); process.exit(3)";
    const err = (await runTool(node, ["-e", script], limits()).catch((e: unknown) => e)) as ToolExitError;
    expect(err).toBeInstanceOf(ToolExitError);
    expect(err.exitCode).toBe(3);
    expect(err.stderrTail.endsWith("the real reason")).toBe(true);
    expect(err.stderrTail.length).toBeLessThanOrEqual(4096);
  });

  it("should kill the process when the signal aborts", async () => {
    const controller = new AbortController();
    const run = runTool(node, ["-e", "setTimeout(() => {}, 60_000)"], { ...limits(), signal: controller.signal });
    setTimeout(() => controller.abort(new Error("plugin reloaded")), 100);
    await expect(run).rejects.toThrow("plugin reloaded");
  });

  it("should report a binary that does not exist as ffmpeg missing", async () => {
    await expect(runTool("/nonexistent/ffmpeg", ["-version"], limits())).rejects.toThrow(FfmpegMissingError);
  });
});
