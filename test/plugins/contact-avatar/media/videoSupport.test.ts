import { VideoSupport } from "../../../../plugins/contact-avatar/media/videoSupport";
import { FFMPEG_MISSING_MESSAGE } from "../../../../plugins/contact-avatar/video";

describe("VideoSupport", () => {
  it("should wait for the look-up rather than answer before it is known", async () => {
    let answer: (tools: undefined) => void = () => undefined;
    const support = new VideoSupport(() => new Promise((resolve) => (answer = resolve)));
    const status = support.status();
    answer(undefined);
    await expect(status).resolves.toBe(FFMPEG_MISSING_MESSAGE);
  });

  it("should not look ffmpeg up while the plugin loads, and only once when asked", async () => {
    let lookups = 0;
    const support = new VideoSupport(async () => {
      lookups++;
      return undefined;
    });
    expect(lookups).toBe(0);
    await support.status();
    await support.status();
    expect(lookups).toBe(1);
  });

  it("should name the ffmpeg version found", async () => {
    const support = new VideoSupport(async () => ({ ffmpeg: "/usr/bin/ffmpeg", ffprobe: "/usr/bin/ffprobe", version: "6.1.1" }));
    await expect(support.status()).resolves.toBe("Video avatars: ffmpeg 6.1.1");
  });

  it("should treat a failed look-up as ffmpeg missing", async () => {
    const support = new VideoSupport(() => Promise.reject(new Error("boom")));
    await expect(support.status()).resolves.toBe(FFMPEG_MISSING_MESSAGE);
  });
});
