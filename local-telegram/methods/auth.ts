/**
 * Logging in: auth.sendCode / auth.signIn, and the 2FA step
 * (account.getPassword / auth.checkPassword with SRP) for accounts that have a
 * password. A successful login binds the auth key to the user.
 */
import { Api } from "telegram";
import { randomBytes } from "node:crypto";
import type { MethodContext, MethodRegistry } from "../protocol/rpc";
import type { World } from "../world";
import { badRequest, RpcError } from "../world/errors";
import { renderUser } from "../world/render";
import { SRP_G, SRP_PRIME_BYTES, verifyProof } from "../world/srp";
import { long, toBigint } from "../world/tl";
import { requireUser } from "./inputs";

/** `dcId`: the DC these handlers answer for (default the world's own). */
export function registerAuthMethods(registry: MethodRegistry, world: World, dcId?: number): void {
  const here = dcId ?? world.dc.dcId;
  /** Auth keys that passed the code step of an account with a password, waiting for auth.checkPassword. */
  const awaitingPassword = new Map<bigint, bigint>();

  const authorize = (ctx: MethodContext, userId: bigint) => {
    ctx.bindUser(userId);
    awaitingPassword.delete(ctx.authKeyId);
    return new Api.auth.Authorization({ user: renderUser(world, userId, world.users.require(userId)) });
  };

  registry.on("auth.SendCode", (request: Api.auth.SendCode) => {
    const user = world.users.findByPhone(request.phoneNumber);
    if (!user || user.deleted || user.bot) throw badRequest("PHONE_NUMBER_INVALID");
    const issued = world.loginCodes.issue(request.phoneNumber);
    return new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeApp({ length: issued.code.length }), phoneCodeHash: issued.phoneCodeHash });
  });

  registry.on("auth.SignIn", (request: Api.auth.SignIn, ctx) => {
    const user = world.users.findByPhone(request.phoneNumber);
    if (!user) throw badRequest("PHONE_NUMBER_INVALID");
    world.loginCodes.redeem(request.phoneNumber, request.phoneCodeHash, request.phoneCode);
    if (world.passwordOf(user.id)) {
      awaitingPassword.set(ctx.authKeyId, user.id);
      throw new RpcError(401, "SESSION_PASSWORD_NEEDED");
    }
    return authorize(ctx, user.id);
  });

  registry.on("account.GetPassword", (_request: Api.account.GetPassword, ctx) => {
    const userId = awaitingPassword.get(ctx.authKeyId) ?? requireUser(ctx);
    const record = world.passwordOf(userId);
    const challenge = world.newSrpChallenge(userId);
    const algo = (salt1: Buffer, salt2: Buffer) =>
      new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({ salt1, salt2, g: SRP_G, p: SRP_PRIME_BYTES });
    return new Api.account.Password({
      hasPassword: record !== undefined,
      currentAlgo: record ? algo(record.salt1, record.salt2) : undefined,
      srp_B: challenge?.B,
      srpId: challenge ? long(challenge.srpId) : undefined,
      hint: record?.hint,
      // What a client would use to set a new password: Telegram sends fresh salts the client extends.
      newAlgo: algo(randomBytes(8), randomBytes(16)),
      newSecureAlgo: new Api.SecurePasswordKdfAlgoPBKDF2HMACSHA512iter100000({ salt: randomBytes(8) }),
      secureRandom: randomBytes(256),
    });
  });

  registry.on("auth.CheckPassword", (request: Api.auth.CheckPassword, ctx) => {
    const userId = awaitingPassword.get(ctx.authKeyId) ?? ctx.userId;
    if (userId === undefined) throw badRequest("PASSWORD_HASH_INVALID");
    const record = world.passwordOf(userId);
    const challenge = world.srpChallengeOf(userId);
    const input = request.password;
    if (!record || !challenge || !(input instanceof Api.InputCheckPasswordSRP)) throw badRequest("PASSWORD_HASH_INVALID");
    if (toBigint(input.srpId) !== challenge.srpId) throw badRequest("SRP_ID_INVALID");
    if (!verifyProof(record, challenge, input.A, input.M1)) throw badRequest("PASSWORD_HASH_INVALID");
    return authorize(ctx, userId);
  });

  // Another DC: the client asks its own DC for a one-time token and presents it there (core.telegram.org/api/datacenter).
  registry.on("auth.ExportAuthorization", (request: Api.auth.ExportAuthorization, ctx) => {
    const userId = requireUser(ctx);
    if (request.dcId === here || !world.dcs.has(request.dcId)) throw badRequest("DC_ID_INVALID");
    const bytes = randomBytes(32);
    world.exportedAuthorizations.set(bytes.toString("hex"), { userId, dcId: request.dcId });
    return new Api.auth.ExportedAuthorization({ id: long(userId), bytes });
  });

  registry.on("auth.ImportAuthorization", (request: Api.auth.ImportAuthorization, ctx) => {
    const key = Buffer.from(request.bytes).toString("hex");
    const token = world.exportedAuthorizations.get(key);
    if (!token || token.dcId !== here || token.userId !== toBigint(request.id)) throw badRequest("AUTH_BYTES_INVALID");
    world.exportedAuthorizations.delete(key);
    return authorize(ctx, token.userId);
  });
}
