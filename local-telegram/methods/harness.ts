/**
 * Calling method handlers directly, without sockets: a Map-backed registry,
 * a sink that records pushes, and a `call` that sends the request and the
 * answer through TL bytes both ways, so handlers see exactly what the wire
 * gives them and tests see exactly what GramJS would read.
 */
import { Api } from "telegram";
import { long } from "../world/tl";
import { randomBytes } from "node:crypto";
import { returnBigInt } from "telegram/Helpers";
import { BinaryReader } from "telegram/extensions";
import { RpcError, type MethodContext, type MethodHandler, type MethodRegistry } from "../protocol/rpc";
import { serialiseResult } from "../protocol/messages";
import type { PushOptions, World, WorldUpdateSink } from "../world";
import { registerMethods } from "./index";

export interface RecordedPush {
  readonly userId: bigint;
  readonly updates: Api.TypeUpdates;
  readonly opts?: PushOptions;
}

export class MapRegistry implements MethodRegistry {
  readonly handlers = new Map<string, MethodHandler>();
  on(className: string, handler: MethodHandler): void {
    this.handlers.set(className, handler);
  }
}

export class RecordingSink implements WorldUpdateSink {
  readonly pushes: RecordedPush[] = [];
  push(userId: bigint, updates: Api.TypeUpdates, opts?: PushOptions): void {
    this.pushes.push({ userId, updates, opts });
  }
}

/** A fake auth key's context; bindUser works like the server's. */
export class FakeContext implements MethodContext {
  constructor(
    public userId: bigint | undefined,
    readonly authKeyId: bigint = 0x1234n,
  ) {}
  bindUser(userId: bigint): void {
    this.userId = userId;
  }
}

type Request = Api.AnyRequest & { readResult(reader: BinaryReader): unknown };
type ResultOf<R> = R extends { __response: infer T } ? T : unknown;

export class MethodHarness {
  readonly registry = new MapRegistry();
  readonly sink = new RecordingSink();
  /** The owner, logged in on auth key 0x1234. */
  readonly owner: FakeContext;

  constructor(readonly world: World) {
    registerMethods(this.registry, world, this.sink);
    this.owner = new FakeContext(world.ownerId);
  }

  /**
   * An InputUser as a client that was given the user sends it: the user
   * counts as given to `ctx`'s auth key (the owner's by default), as if an
   * earlier answer had carried them. A wrong hash on request. To test the
   * access-hash rule itself, build Api.InputUser directly.
   */
  inputUser(id: bigint, accessHash?: bigint, ctx: MethodContext = this.owner): Api.InputUser {
    this.world.sessionPeers.give(ctx.authKeyId, id);
    return new Api.InputUser({ userId: long(id), accessHash: long(accessHash ?? this.world.users.require(id).accessHash) });
  }

  /** The InputPeerUser counterpart of inputUser (the user counts as given to `ctx`). */
  inputPeer(id: bigint, accessHash?: bigint, ctx: MethodContext = this.owner): Api.InputPeerUser {
    this.world.sessionPeers.give(ctx.authKeyId, id);
    return new Api.InputPeerUser({ userId: long(id), accessHash: long(accessHash ?? this.world.users.require(id).accessHash) });
  }

  as(userId: bigint | undefined, authKeyId = 0x5678n): FakeContext {
    return new FakeContext(userId, authKeyId);
  }

  async call<R extends Api.AnyRequest>(request: R, ctx: MethodContext = this.owner): Promise<ResultOf<R>> {
    const handler = this.registry.handlers.get(request.className);
    if (!handler) throw new Error(`no handler for ${request.className}`);
    const onTheWire: unknown = new BinaryReader(request.getBytes()).tgReadObject();
    const answer = await handler(onTheWire, ctx);
    return (request as unknown as Request).readResult(new BinaryReader(serialiseResult(answer))) as ResultOf<R>;
  }

  /** The error message the call fails with; fails the test if it succeeds. */
  async error(request: Api.AnyRequest, ctx: MethodContext = this.owner): Promise<string> {
    try {
      await this.call(request, ctx);
    } catch (error) {
      if (error instanceof RpcError) return error.errorMessage;
      throw error;
    }
    throw new Error(`${request.className} succeeded; an error was expected`);
  }

  /** Uploads bytes in parts the way GramJS does (saveFilePart, or saveBigFilePart above 10 MB); returns the InputFile. */
  async upload(bytes: Buffer, name: string, opts: { partSize?: number; ctx?: MethodContext; big?: boolean } = {}): Promise<Api.InputFile | Api.InputFileBig> {
    const partSize = opts.partSize ?? 128 * 1024;
    const parts = Math.max(1, Math.ceil(bytes.length / partSize));
    const fileId = randomFileId();
    const big = opts.big ?? bytes.length > 10 * 1024 * 1024;
    for (let part = 0; part < parts; part++) {
      const chunk = bytes.subarray(part * partSize, (part + 1) * partSize);
      const request = big
        ? new Api.upload.SaveBigFilePart({ fileId, filePart: part, fileTotalParts: parts, bytes: chunk })
        : new Api.upload.SaveFilePart({ fileId, filePart: part, bytes: chunk });
      await this.call(request, opts.ctx);
    }
    return big ? new Api.InputFileBig({ id: fileId, parts, name }) : new Api.InputFile({ id: fileId, parts, name, md5Checksum: "" });
  }

  /** Downloads a file location with upload.getFile in `chunk`-byte requests, as GramJS does. */
  async download(location: Api.TypeInputFileLocation, chunk = 64 * 1024): Promise<Buffer> {
    const parts: Buffer[] = [];
    for (let offset = 0; ; offset += chunk) {
      const file = await this.call(new Api.upload.GetFile({ location, offset: bigIntOf(offset), limit: chunk }));
      if (!(file instanceof Api.upload.File)) throw new Error("expected upload.File");
      parts.push(file.bytes);
      if (file.bytes.length < chunk) return Buffer.concat(parts);
    }
  }

  /** Pushes to one user, as Api objects, since `since` (an index into the recorded pushes). */
  pushesTo(userId: bigint, since = 0): RecordedPush[] {
    return this.sink.pushes.slice(since).filter((p) => p.userId === userId);
  }
}

function randomFileId() {
  return returnBigInt(randomBytes(8).readBigInt64LE());
}

export function bigIntOf(value: number | bigint) {
  return returnBigInt(value);
}
