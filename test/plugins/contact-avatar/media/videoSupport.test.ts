import { VideoSupport } from "../../../../plugins/contact-avatar/media/videoSupport";
import { FFMPEG_MISSING_MESSAGE } from "../../../../plugins/contact-avatar/video";

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("VideoSupport", () => {
  it("should say it is still checking until the look-up answers", async () => {
    let answer: (tools: undefined) => void = () => undefined;
    const support = new VideoSupport(() => new Promise((resolve) => (answer = resolve)));
    expect(support.status()).toBe("Video avatars: still checking for ffmpeg…");
    answer(undefined);
    await settled();
    expect(support.status()).toBe(FFMPEG_MISSING_MESSAGE);
  });

  it("should name the ffmpeg version found", async () => {
    const support = new VideoSupport(async () => ({ ffmpeg: "/usr/bin/ffmpeg", ffprobe: "/usr/bin/ffprobe", version: "6.1.1" }));
    await settled();
    expect(support.status()).toBe("Video avatars: ffmpeg 6.1.1");
  });

  it("should treat a failed look-up as ffmpeg missing", async () => {
    const support = new VideoSupport(() => Promise.reject(new Error("boom")));
    await settled();
    expect(support.status()).toBe(FFMPEG_MISSING_MESSAGE);
  });
});
