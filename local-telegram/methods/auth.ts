/**
 * Logging in: auth.sendCode / auth.signIn, or a QR code
 * (auth.exportLoginToken, accepted from another session with
 * auth.acceptLoginToken, auth.importLoginToken on the account's own DC), and
 * the 2FA step (account.getPassword / auth.checkPassword with SRP) for
 * accounts that have a password. A successful login binds the auth key to the user.
 */
import { Api } from "telegram";
import { randomBytes } from "node:crypto";
import type { MethodContext, MethodRegistry } from "../protocol/rpc";
import type { AuthKeySink } from "../protocol/updates";
import type { World } from "../world";
import { badRequest, RpcError } from "../world/errors";
import { renderUser } from "../world/render";
import { SRP_G, SRP_PRIME_BYTES, verifyProof } from "../world/srp";
import type { LoginTokenRecord } from "../world/login";
import { long, nowSeconds, toBigint } from "../world/tl";
import { requireUser } from "./inputs";

/**
 * `dcId`: the DC these handlers answer for (default the world's own);
 * `keySink` reaches connections not logged in yet (the QR login's updateLoginToken).
 */
export function registerAuthMethods(registry: MethodRegistry, world: World, dcId?: number, keySink?: AuthKeySink): void {
  const here = dcId ?? world.dc.dcId;
  /** Auth keys that passed the code step of an account with a password, waiting for auth.checkPassword. */
  const awaitingPassword = new Map<bigint, bigint>();

  const authorize = (ctx: MethodContext, userId: bigint) => {
    ctx.bindUser(userId);
    awaitingPassword.delete(ctx.authKeyId);
    return new Api.auth.Authorization({ user: renderUser(world, userId, world.users.require(userId)) });
  };

  /** A QR login whose token was accepted: logged in, or on to the password like auth.signIn. */
  const finishQrLogin = (record: LoginTokenRecord, ctx: MethodContext) => {
    const userId = record.acceptedBy!;
    world.loginTokens.consume(record);
    if (world.passwordOf(userId)) {
      awaitingPassword.set(ctx.authKeyId, userId);
      throw new RpcError(401, "SESSION_PASSWORD_NEEDED");
    }
    return new Api.auth.LoginTokenSuccess({ authorization: authorize(ctx, userId) });
  };

  // The client asks again after updateLoginToken (or when its code expires): a new code, or the outcome.
  registry.on("auth.ExportLoginToken", (request: Api.auth.ExportLoginToken, ctx) => {
    if (!request.apiId || !request.apiHash) throw badRequest("API_ID_INVALID");
    const pending = world.loginTokens.forKey(ctx.authKeyId);
    if (pending?.acceptedBy !== undefined) {
      // Accounts live on the world's own DC: a client that waited elsewhere moves there and imports the token.
      if (!world.isHomeDc(here)) return new Api.auth.LoginTokenMigrateTo({ dcId: world.dc.dcId, token: pending.token });
      return finishQrLogin(pending, ctx);
    }
    const authKeyId = ctx.authKeyId;
    const notify = () => {
      keySink?.pushToAuthKey(authKeyId, new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: nowSeconds() }));
    };
    const record = world.loginTokens.issue(authKeyId, notify);
    return new Api.auth.LoginToken({ expires: Math.ceil(record.expiresAt / 1000), token: record.token });
  });

  registry.on("auth.ImportLoginToken", (request: Api.auth.ImportLoginToken, ctx) => {
    const record = world.loginTokens.find(request.token);
    if (record.acceptedBy === undefined) throw badRequest("AUTH_TOKEN_INVALID");
    if (!world.isHomeDc(here)) return new Api.auth.LoginTokenMigrateTo({ dcId: world.dc.dcId, token: record.token });
    return finishQrLogin(record, ctx);
  });

  // The phone (or any logged-in session) that scanned the code.
  registry.on("auth.AcceptLoginToken", (request: Api.auth.AcceptLoginToken, ctx) => {
    const userId = requireUser(ctx);
    world.loginTokens.accept(request.token, userId);
    const now = nowSeconds();
    return new Api.Authorization({
      hash: long(BigInt.asIntN(64, randomBytes(8).readBigInt64LE(0))),
      deviceModel: "local client",
      platform: "local",
      systemVersion: "local",
      apiId: 0,
      appName: "local client",
      appVersion: "0",
      dateCreated: now,
      dateActive: now,
      ip: "127.0.0.1",
      country: "Local",
      region: "",
    });
  });

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
