/**
 * A sandbox command that cannot be done as typed (bad syntax, an unknown
 * name, a missing file). It is the user's to fix: the sandbox prints the
 * message, carries on with the next line, and exits non-zero at the end.
 */
export class SandboxCommandError extends Error {
  override name = "SandboxCommandError";
}
