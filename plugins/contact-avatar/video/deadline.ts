/**
 * One time budget shared by all the ffmpeg/ffprobe runs of one request, so a
 * retry cannot double the time the user waits.
 */
export class Deadline {
  private readonly endsAt: number;

  constructor(readonly totalMs: number) {
    this.endsAt = Date.now() + totalMs;
  }

  /** Milliseconds left; 0 once the budget is spent. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }
}
