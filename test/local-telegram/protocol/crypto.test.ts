import { randomBytes } from "crypto";
import { IGE } from "telegram/crypto/IGE";
import { AuthKey } from "telegram/crypto/AuthKey";
import {
  aesIgeDecrypt,
  aesIgeEncrypt,
  authKeyIdOf,
  decryptClientPacket,
  encryptServerPacket,
  MessageKeyMismatchError,
} from "../../../local-telegram/protocol/crypto";

describe("protocol crypto", () => {
  const key = randomBytes(32);
  const iv = randomBytes(32);
  const plain = randomBytes(16 * 37);

  it.each([16, 32, 48, 1024 * 1024])("should encrypt %p bytes in one CBC pass exactly as GramJS's block-by-block IGE does", (length) => {
    const data = randomBytes(length);
    expect(aesIgeEncrypt(data, key, iv).equals(Buffer.from(new IGE(key, iv).encryptIge(data)))).toBe(true);
  });

  it("should encrypt AES-IGE exactly as GramJS does, and decrypt what GramJS encrypts", () => {
    expect(aesIgeEncrypt(plain, key, iv).equals(Buffer.from(new IGE(key, iv).encryptIge(plain)))).toBe(true);
    const fromGramJs = Buffer.from(new IGE(key, iv).encryptIge(plain));
    expect(aesIgeDecrypt(fromGramJs, key, iv).equals(plain)).toBe(true);
  });

  it("should refuse data that is not whole AES blocks", () => {
    expect(() => aesIgeEncrypt(randomBytes(15), key, iv)).toThrow(RangeError);
  });

  it("should compute the auth key id GramJS computes", async () => {
    const authKey = randomBytes(256);
    const gramJs = new AuthKey();
    await gramJs.setKey(authKey);
    expect(authKeyIdOf(authKey).toString()).toBe(BigInt.asUintN(64, BigInt(gramJs.keyId!.toString())).toString());
  });

  it("should reject a packet whose msg_key does not match (a server packet is not a client packet)", () => {
    const authKey = randomBytes(256);
    const packet = encryptServerPacket(authKey, authKeyIdOf(authKey), randomBytes(48));
    expect(() => decryptClientPacket(authKey, packet)).toThrow(MessageKeyMismatchError);
  });
});
