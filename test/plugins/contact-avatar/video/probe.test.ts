import { Deadline } from "../../../../plugins/contact-avatar/video/deadline";
import { UnreadableVideoError } from "../../../../plugins/contact-avatar/video/errors";
import type { FfmpegTools } from "../../../../plugins/contact-avatar/video/ffmpeg";
import { probeMedia } from "../../../../plugins/contact-avatar/video/probe";
import { ffmpegRunsHere, makeFixtureDir, makeGif, makeMp4, makeRotated, makeTransparentWebm, requireTools, writeBytes, type FixtureDir } from "./fixtures";

const itWithFfmpeg = ffmpegRunsHere() ? it : it.skip;

let tools: FfmpegTools;
let fx: FixtureDir;

beforeAll(async () => {
  if (!ffmpegRunsHere()) return;
  tools = await requireTools();
  fx = await makeFixtureDir(tools);
});

afterAll(async () => {
  await fx?.remove();
});

const probe = (path: string) => probeMedia(tools, path, { deadline: new Deadline(10_000) });

describe("probeMedia", () => {
  itWithFfmpeg("should read length, size, frame rate and the audio track of an MP4", async () => {
    const path = await makeMp4(fx, "with-audio.mp4", { width: 320, height: 240, seconds: 2, fps: 25, audio: true });
    const result = await probe(path);
    expect(result.formatName).toContain("mp4");
    expect(result.durationSec).toBeCloseTo(2, 1);
    expect(result.hasAudio).toBe(true);
    expect(result.video).toMatchObject({ codec: "h264", width: 320, height: 240, frameRate: "25/1", frameRateValue: 25, hasAlpha: false });
  });

  itWithFfmpeg("should report the size as displayed for a rotated video", async () => {
    const result = await probe(await makeRotated(fx, "rotated.mp4"));
    expect(result.video).toMatchObject({ width: 180, height: 320 });
    expect(Math.abs(result.video?.rotation ?? 0)).toBe(90);
  });

  itWithFfmpeg("should report the size as displayed for non-square pixels", async () => {
    const result = await probe(await makeMp4(fx, "anamorphic.mp4", { width: 320, height: 180, seconds: 1, pixelAspect: 2 }));
    expect(result.video).toMatchObject({ width: 640, height: 180, sampleAspectRatio: "2:1" });
  });

  itWithFfmpeg("should see the transparency of a VP9 WebM and name the decoder that keeps it", async () => {
    const result = await probe(await makeTransparentWebm(fx, "sticker.webm"));
    expect(result.formatName).toContain("webm");
    expect(result.video).toMatchObject({ codec: "vp9", hasAlpha: true, alphaDecoder: "libvpx-vp9" });
  });

  itWithFfmpeg("should read an animated GIF as a video", async () => {
    const result = await probe(await makeGif(fx, "anim.gif"));
    expect(result.formatName).toBe("gif");
    expect(result.durationSec).toBeCloseTo(1, 1);
    expect(result.video).toMatchObject({ codec: "gif", width: 200, height: 150 });
  });

  itWithFfmpeg("should refuse formats outside MP4/MOV, WebM and GIF, such as playlists that point at other files", async () => {
    const playlist = await writeBytes(fx, "evil.m3u8", Buffer.from("#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n"));
    await expect(probe(playlist)).rejects.toThrow(UnreadableVideoError);
    const avi = await writeBytes(fx, "x.avi", Buffer.from("RIFF\0\0\0\0AVI LIST"));
    await expect(probe(avi)).rejects.toThrow(UnreadableVideoError);
  });
});
