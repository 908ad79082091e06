import { VideoRulesError } from "../../../../plugins/contact-avatar/video/errors";
import type { MediaProbe } from "../../../../plugins/contact-avatar/video/probe";
import { verifyAvatar } from "../../../../plugins/contact-avatar/video/verify";

const TWO_MB = 2 * 1024 * 1024;
const rules = { size: 800, maxBytes: TWO_MB };

function output(overrides: Partial<NonNullable<MediaProbe["video"]>> = {}, probe: Partial<MediaProbe> = {}): MediaProbe {
  return {
    formatName: "mov,mp4,m4a,3gp,3g2,mj2",
    durationSec: 10.0,
    hasAudio: false,
    streamCount: 1,
    video: {
      codec: "h264",
      width: 800,
      height: 800,
      rotation: 0,
      frameRate: "30/1",
      frameRateValue: 30,
      sampleAspectRatio: undefined,
      hasAlpha: false,
      alphaDecoder: undefined,
      ...overrides,
    },
    ...probe,
  };
}

describe("verifyAvatar", () => {
  it("should pass a square 800 px H.264 clip of 10 s under 2 MB and report its shape", () => {
    expect(verifyAvatar(output({}, { durationSec: 10.033 }), TWO_MB, rules)).toEqual({ width: 800, height: 800, durationSec: 10.033 });
  });

  it("should list every broken rule in one message", () => {
    const broken = output({ codec: "vp9", width: 800, height: 600 }, { hasAudio: true, durationSec: 12 });
    let error: VideoRulesError | undefined;
    try {
      verifyAvatar(broken, TWO_MB + 1, rules);
    } catch (e) {
      error = e as VideoRulesError;
    }
    expect(error).toBeInstanceOf(VideoRulesError);
    expect(error?.message).toMatch(/^Could not bring the video within Telegram's rules: /);
    expect(error?.problems).toEqual([
      "codec is vp9, not H.264",
      "picture is 800x600, not square",
      "it still has sound",
      "it lasts 12 s, over 10 s",
      "it is 2049 KB, over the 2048 KB limit",
    ]);
  });

  it("should refuse a size other than the one asked for, and a result with no video", () => {
    expect(() => verifyAvatar(output({ width: 640, height: 640 }), 1000, rules)).toThrow("picture is 640 px wide, not 800");
    expect(() => verifyAvatar(output({}, { video: undefined }), 1000, rules)).toThrow(VideoRulesError);
  });
});
