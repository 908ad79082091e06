/**
 * File references expire (core.telegram.org/api/file_reference): a part
 * answered FILE_REFERENCE_EXPIRED means the location must be fetched afresh
 * from where the file was found, here by re-fetching the message. Done once
 * per transfer: parts already written stay, later parts use the new location,
 * and a second expiry is reported instead of looping.
 */
import { isFileReferenceExpired } from "./errors";
import type { MediaLocation } from "./location";

export class RefreshingLocation {
  private current: MediaLocation;
  /** The location that was found expired and replaced; set once. */
  private expired: MediaLocation | undefined;
  private refreshing: Promise<MediaLocation> | undefined;

  constructor(
    initial: MediaLocation,
    private readonly refresh: () => Promise<MediaLocation>,
  ) {
    this.current = initial;
  }

  get value(): MediaLocation {
    return this.current;
  }

  /**
   * Runs `use` with the current location; on an expired reference, refreshes
   * (once for the whole transfer, shared by the parts that hit it together)
   * and runs it again. The fresh location expiring too is reported.
   */
  async run<T>(use: (location: MediaLocation) => Promise<T>): Promise<T> {
    const tried = this.current;
    try {
      return await use(tried);
    } catch (err) {
      if (!isFileReferenceExpired(err)) throw err;
      if (this.expired === undefined) {
        this.expired = tried;
        this.refreshing = this.refresh().then((fresh) => (this.current = fresh));
      } else if (this.expired !== tried) {
        throw err;
      }
      return use(await this.refreshing!);
    }
  }
}
