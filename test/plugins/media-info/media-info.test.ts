/**
 * plugins/media-info on the plugin test harness: real photos and files
 * (made by sharp here), sent by Alice, downloaded by the plugin from the
 * local Telegram server.
 */
import sharp from "sharp";
import { testHost, type TestHost } from "contact-userbot/sdk/testing";
import mediaInfo from "../../../plugins/media-info";

const image = (width: number, height: number, format: "jpeg" | "png") => {
  const blank = sharp({ create: { width, height, channels: 3, background: "#3a7bd5" } });
  return (format === "jpeg" ? blank.jpeg() : blank.png()).toBuffer();
};

describe("plugins/media-info", () => {
  let bot: TestHost;

  beforeAll(async () => {
    bot = await testHost({ plugins: [mediaInfo], settings: { "media-info": { maxMegabytes: 1 } } });
  });
  afterAll(() => bot?.stop());

  it("should give a replied photo's dimensions and size, as Telegram stores it", async () => {
    const photo = await bot.sendAs("alice", { photo: await image(1280, 720, "jpeg") });
    const answer = await bot.command(".mediainfo", { replyTo: photo });
    // Telegram keeps photos at most 1280 px on the long side; the largest size is what is downloaded.
    expect(answer.text).toMatch(/^Photo: 1280×720 JPEG, \d+ KB$/);
    expect(answer.calls.map((c) => c.method)).toContain("upload.GetFile");
  });

  it("should give a replied file's dimensions and exact size", async () => {
    const png = await image(300, 200, "png");
    const file = await bot.sendAs("alice", { file: { bytes: png, name: "chart.png", mimeType: "image/png" } });
    const answer = await bot.command(".mi", { replyTo: file });
    expect(answer.text).toBe(`File: 300×200 PNG, ${png.length < 1024 ? `${png.length} B` : `${Math.round(png.length / 1024)} KB`}`);
  });

  it("should say when a file is not an image", async () => {
    const file = await bot.sendAs("alice", { file: { bytes: Buffer.from("just some text\n"), name: "notes.txt", mimeType: "text/plain" } });
    expect((await bot.command(".mediainfo", { replyTo: file })).text).toBe("File: 15 B (not an image)");
  });

  it("should refuse a file over its limit before downloading it", async () => {
    const big = await bot.sendAs("alice", { file: { bytes: Buffer.alloc(1024 * 1024 + 1), name: "big.bin" } });
    const answer = await bot.command(".mediainfo", { replyTo: big });
    expect(answer.text).toBe("The file is 1.0 MB, more than the 1.0 MB limit");
    expect(answer.calls.map((c) => c.method)).not.toContain("upload.GetFile");
  });

  it("should ask for a reply when there is none, and refuse a message without media", async () => {
    expect((await bot.command(".mediainfo")).text).toBe("Reply to a photo or a file with .mediainfo");
    const text = await bot.sendAs("alice", { text: "no media here" });
    expect((await bot.command(".mediainfo", { replyTo: text })).text).toBe("That message has no photo or file");
  });
});
