import { UsageError, UserError } from "../../../../src/core/errors";
import { planClip } from "../../../../plugins/contact-avatar/video/clip";
import { UnreadableVideoError } from "../../../../plugins/contact-avatar/video/errors";
import type { MediaProbe, VideoStreamInfo } from "../../../../plugins/contact-avatar/video/probe";

const video: VideoStreamInfo = {
  codec: "h264",
  width: 1920,
  height: 1080,
  rotation: 0,
  frameRate: "30/1",
  frameRateValue: 30,
  sampleAspectRatio: undefined,
  hasAlpha: false,
  alphaDecoder: undefined,
};

function probe(overrides: Partial<MediaProbe> = {}): MediaProbe {
  return { formatName: "mov,mp4,m4a,3gp,3g2,mj2", durationSec: 30, video, hasAudio: true, streamCount: 2, ...overrides };
}

const defaults = { start: 0, frame: 0, duration: undefined };

describe("planClip", () => {
  it("should take at most the first 10 s by default", () => {
    expect(planClip(probe(), defaults)).toMatchObject({ startSec: 0, durationSec: 10, frameSec: 0, sourceDurationSec: 30 });
  });

  it("should take the whole of a short video", () => {
    expect(planClip(probe({ durationSec: 3.2 }), defaults).durationSec).toBe(3.2);
  });

  it("should honour start and duration, clamping the duration to 10 s and to the end", () => {
    expect(planClip(probe(), { ...defaults, start: 5, duration: 4 }).durationSec).toBe(4);
    expect(planClip(probe(), { ...defaults, start: 5, duration: 14 }).durationSec).toBe(10);
    expect(planClip(probe(), { ...defaults, start: 25, duration: 8 }).durationSec).toBe(5);
  });

  it("should refuse a start at or beyond the end", () => {
    expect(() => planClip(probe(), { ...defaults, start: 40 })).toThrow(new UsageError("--start=40 is beyond the end of the 30 s video"));
    expect(() => planClip(probe(), { ...defaults, start: 30 })).toThrow(UsageError);
  });

  it("should refuse a preview frame past the end of the clip, and accept one at its end", () => {
    expect(() => planClip(probe({ durationSec: 4 }), { ...defaults, frame: 4.5 })).toThrow(new UsageError("--frame=4.5 is beyond the end of the 4 s clip"));
    expect(planClip(probe({ durationSec: 4 }), { ...defaults, frame: 4 }).frameSec).toBe(4);
  });

  it("should refuse files without video, still images and videos of unknown length", () => {
    expect(() => planClip(probe({ video: undefined }), defaults)).toThrow(UnreadableVideoError);
    expect(() => planClip(probe({ formatName: "png_pipe", durationSec: undefined }), defaults)).toThrow(
      new UserError("This is a still image, not a video: set it as a photo instead"),
    );
    expect(() => planClip(probe({ durationSec: undefined }), defaults)).toThrow(UnreadableVideoError);
  });
});
