import { randomBytes } from "crypto";
import { Api, TelegramClient } from "telegram";
import { CustomFile } from "telegram/client/uploads";
import { TestDc } from "../../../local-telegram/server";
import { closeTestClient, connectTestClient, registerMinimalMethods, withTimeout } from "../../../local-telegram/protocol/testClient";

describe("TestDc uploads", () => {
  let dc: TestDc;
  let client: TelegramClient;
  const content = randomBytes(300 * 1024 + 123);

  beforeEach(async () => {
    dc = await TestDc.start({ logLevel: "silent" });
    registerMinimalMethods(dc);
    client = await withTimeout(connectTestClient(dc), 5000, "connect");
  });

  afterEach(async () => {
    await closeTestClient(client);
    await dc.stop();
  });

  const upload = async (): Promise<Api.InputFile | Api.InputFileBig> => {
    const file = await withTimeout(client.uploadFile({ file: new CustomFile("blob.bin", content.length, "", content), workers: 2 }), 10_000, "uploadFile");
    if (!(file instanceof Api.InputFile || file instanceof Api.InputFileBig)) throw new Error("uploadFile returned neither InputFile nor InputFileBig");
    return file;
  };

  it("should carry every upload.saveFilePart to the handler intact (on GramJS's upload sender)", async () => {
    const parts = new Map<number, Buffer>();
    dc.methods.on("upload.SaveFilePart", (request: Api.upload.SaveFilePart) => {
      parts.set(request.filePart, request.bytes);
      return true;
    });
    const file = await upload();
    expect(file.parts).toBe(parts.size);
    const joined = Buffer.concat([...parts.keys()].sort((a, b) => a - b).map((i) => parts.get(i) as Buffer));
    expect(joined.equals(content)).toBe(true);
  });

  it("should let the world assemble the uploaded file byte for byte", async () => {
    const file = await upload();
    const assembled = dc.world.uploads.assemble(dc.ownerId, {
      id: BigInt(file.id.toString()),
      parts: file.parts,
      name: file.name,
      big: file instanceof Api.InputFileBig,
    });
    expect(assembled.bytes.equals(content)).toBe(true);
  });
});
