/**
 * Runs ffmpeg or ffprobe as a child process: an argument array (never a shell
 * string, so file names cannot inject anything), a time limit, a cap on how
 * much stdout we hold in memory, and only the tail of stderr kept for the log.
 */
import { spawn } from "node:child_process";
import { basename } from "node:path";
import type { Deadline } from "./deadline";
import { FfmpegMissingError, FfmpegTimeoutError, ToolExitError, ToolOutputLimitError } from "./errors";

/** ffmpeg can print a line per frame on damaged input; the end says what went wrong. */
const STDERR_TAIL_BYTES = 4096;

export interface RunLimits {
  deadline: Deadline;
  /** stdout beyond this kills the process (ToolOutputLimitError). */
  maxStdoutBytes: number;
  /** Aborting kills the process; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface ToolResult {
  stdout: Buffer;
  stderrTail: string;
}

export function runTool(bin: string, args: string[], limits: RunLimits): Promise<ToolResult> {
  const tool = basename(bin);
  return new Promise<ToolResult>((resolve, reject) => {
    limits.signal?.throwIfAborted();
    const remaining = limits.deadline.remainingMs();
    if (remaining <= 0) {
      reject(new FfmpegTimeoutError(tool, limits.deadline.totalMs));
      return;
    }

    const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], windowsHide: true });
    const stdoutChunks: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrTail = Buffer.alloc(0);
    // The first reason to stop wins; the exit handler reports it.
    let failure: Error | undefined;

    const stop = (reason: Error): void => {
      failure ??= reason;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => stop(new FfmpegTimeoutError(tool, limits.deadline.totalMs)), remaining);
    const onAbort = (): void => stop(limits.signal?.reason instanceof Error ? limits.signal.reason : new Error("aborted"));
    limits.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > limits.maxStdoutBytes) {
        stop(new ToolOutputLimitError(tool, limits.maxStdoutBytes));
        return;
      }
      stdoutChunks.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderrTail = Buffer.concat([stderrTail, chunk]);
      if (stderrTail.length > STDERR_TAIL_BYTES) stderrTail = stderrTail.subarray(stderrTail.length - STDERR_TAIL_BYTES);
    });

    const finish = (): void => {
      clearTimeout(timer);
      limits.signal?.removeEventListener("abort", onAbort);
    };
    child.on("error", (err: NodeJS.ErrnoException) => {
      finish();
      // ENOENT/EACCES: the binary went away or is not executable.
      reject(err.code === "ENOENT" || err.code === "EACCES" ? new FfmpegMissingError(`${bin}: ${err.code}`) : err);
    });
    child.on("close", (code, signal) => {
      finish();
      const tail = stderrTail.toString("utf8").trim();
      if (failure) reject(failure);
      else if (code !== 0) reject(new ToolExitError(tool, code, signal, tail));
      else resolve({ stdout: Buffer.concat(stdoutChunks), stderrTail: tail });
    });
  });
}
