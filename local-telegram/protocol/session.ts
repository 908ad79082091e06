/**
 * One client connection: framing, the choice between the unencrypted auth
 * key exchange and encrypted MTProto, the per-message checks Telegram makes
 * (clock, salt, new session), service messages, and handing requests to
 * dispatch. Updates pushed for the connection's user go out from here too.
 */
import type { Socket } from "net";
import { randomBytes } from "crypto";
import { Api } from "telegram";
import { BinaryReader } from "telegram/extensions";
import { AuthKeyExchange } from "./authKeyExchange";
import type { AuthKeyEntry, AuthKeyStore } from "./authKeys";
import { decryptClientPacket, encryptServerPacket } from "./crypto";
import type { DcLog } from "./dcLog";
import { isTlRequest, type CallChannel, type RpcDispatcher } from "./dispatch";
import * as msg from "./messages";
import { RpcError, type MethodContext } from "./rpc";
import type { ServerRsaKey } from "./rsaKey";
import type { FrameCodec } from "./transport";
import { TransportSniffer } from "./transportSniffer";

/** What every connection shares: the server's state and services. */
export interface ServerCore {
  readonly keys: AuthKeyStore;
  readonly clock: msg.MessageIdClock;
  readonly dispatcher: RpcDispatcher;
  readonly log: DcLog;
  readonly stats: ProtocolStats;
  /** The RSA key for the exchange, registered on first use. */
  rsaKey(): ServerRsaKey;
  /** A timer the server cancels when it stops. */
  later(ms: number, run: () => void): void;
}

/** Counts of protocol events, for tests that check the server sent them. */
export interface ProtocolStats {
  badServerSalt: number;
  /** Error codes of the bad_msg_notifications sent, in order (16: clock behind, 17: ahead). */
  badMsgCodes: number[];
  newSessionCreated: number;
  unknownAuthKey: number;
  authKeysExchanged: number;
}

/** Telegram's limits for a client msg_id's time: 300 s in the past, 30 s in the future. */
const MAX_PAST_SKEW_S = 300;
const MAX_FUTURE_SKEW_S = 30;
/** The transport error Telegram sends for an auth key it does not know. */
const UNKNOWN_AUTH_KEY = -404;
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ClientConnection {
  private readonly sniffer = new TransportSniffer();
  private codec: FrameCodec | undefined;
  private exchange: AuthKeyExchange | undefined;
  private authKey: AuthKeyEntry | undefined;
  private sessionId: bigint | undefined;
  private contentMessagesSent = 0;
  private closed = false;
  private pingDisconnect: NodeJS.Timeout | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly core: ServerCore,
    private readonly onClose: (connection: ClientConnection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.receive(chunk));
    socket.on("error", () => this.close());
    socket.on("close", () => this.close());
  }

  /** The user this connection's auth key is logged in as, if any. */
  get userId(): bigint | undefined {
    return this.authKey?.userId;
  }

  get authKeyId(): bigint | undefined {
    return this.authKey?.id;
  }

  get transport(): FrameCodec["name"] | undefined {
    return this.codec?.name;
  }

  /** Sends updates as a plain (non-RPC) message, as Telegram pushes them; false if the connection cannot take them. */
  pushUpdates(updates: Api.TypeUpdates): boolean {
    if (this.closed || this.sessionId === undefined) return false;
    this.sendEncrypted(updates.getBytes(), "push", true);
    return true;
  }

  /** Closes the socket at once; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.pingDisconnect);
    this.socket.destroy();
    this.onClose(this);
  }

  /** Closes after what was already written has gone out, so a client sees its answer, then EOF. */
  private closeAfterFlush(): void {
    if (this.closed) return;
    this.socket.end(() => this.close());
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    try {
      if (!this.codec) {
        const sniffed = this.sniffer.feed(chunk);
        if (!sniffed) return;
        this.codec = sniffed.codec;
        chunk = sniffed.rest;
      }
      for (const packet of this.codec.decode(chunk)) this.receivePacket(packet);
    } catch (error) {
      this.core.log.warn(`closing a connection: ${error instanceof Error ? error.message : String(error)}`);
      this.close();
    }
  }

  private receivePacket(packet: Buffer): void {
    if (this.closed) return;
    if (packet.length < 8) throw new msg.MalformedMessageError(`packet of ${packet.length} bytes`);
    const keyId = packet.readBigUInt64LE(0);
    if (keyId === 0n) return this.receivePlain(packet);
    const entry = this.core.keys.get(keyId);
    if (!entry) {
      this.core.stats.unknownAuthKey += 1;
      this.core.log.debug(`unknown auth key ${keyId.toString(16)}: answering ${UNKNOWN_AUTH_KEY}`);
      const code = Buffer.alloc(4);
      code.writeInt32LE(UNKNOWN_AUTH_KEY, 0);
      this.write(code);
      return;
    }
    this.authKey = entry;
    const envelope = msg.readEnvelope(decryptClientPacket(entry.key, packet));
    this.receiveEnvelope(entry, envelope);
  }

  /** The auth key exchange runs over unencrypted messages. */
  private receivePlain(packet: Buffer): void {
    if (packet.length < 20) throw new msg.MalformedMessageError("unencrypted message shorter than its header");
    const length = packet.readInt32LE(16);
    const request: unknown = new BinaryReader(packet.subarray(20, 20 + length)).tgReadObject();
    this.exchange ??= new AuthKeyExchange(this.core.rsaKey(), this.core.keys);
    const answer = this.exchange.answer(request);
    if (request instanceof Api.SetClientDHParams) this.core.stats.authKeysExchanged += 1;
    this.write(msg.writePlainMessage(this.core.clock.next("answer"), answer));
  }

  private receiveEnvelope(entry: AuthKeyEntry, { salt, sessionId, message }: msg.Envelope): void {
    this.sessionId = sessionId;
    const skew = msg.MessageIdClock.skewSeconds(message.msgId);
    if (skew < -MAX_PAST_SKEW_S || skew > MAX_FUTURE_SKEW_S) {
      // 16: msg_id too low, 17: too high. GramJS fixes its clock from our msg_id and resends.
      const code = skew < 0 ? 16 : 17;
      this.core.stats.badMsgCodes.push(code);
      this.sendEncrypted(msg.badMsgNotification(message, code), "answer", false);
      return;
    }
    if (salt !== entry.salt) {
      // GramJS starts every new sender with salt 0; it resends with the salt we name.
      this.core.stats.badServerSalt += 1;
      this.sendEncrypted(msg.badServerSalt(message, entry.salt), "answer", false);
      return;
    }
    if (!entry.sessions.has(sessionId)) {
      entry.sessions.add(sessionId);
      this.core.stats.newSessionCreated += 1;
      const uniqueId = randomBytes(8).readBigInt64LE(0);
      this.sendEncrypted(msg.newSessionCreated(message.msgId, uniqueId, entry.salt), "push", true);
    }
    for (const inner of msg.unpackMessage(message)) this.receiveMessage(entry, inner);
  }

  private receiveMessage(entry: AuthKeyEntry, message: msg.IncomingMessage): void {
    let object: unknown;
    try {
      object = new BinaryReader(message.body).tgReadObject();
    } catch {
      this.core.log.warn(`cannot decode constructor 0x${msg.constructorOf(message.body).toString(16)}`);
      this.sendEncrypted(msg.rpcError(message.msgId, 400, "INPUT_METHOD_INVALID"), "answer", true);
      return;
    }
    if (object instanceof Api.MsgsAck) return;
    if (object instanceof Api.Ping) {
      this.sendEncrypted(msg.pong(message.msgId, object.pingId), "answer", true);
      return;
    }
    if (object instanceof Api.PingDelayDisconnect) {
      this.sendEncrypted(msg.pong(message.msgId, object.pingId), "answer", true);
      this.armPingDisconnect(object.disconnectDelay);
      return;
    }
    if (isTlRequest(object)) {
      void this.core.dispatcher.handle(message.msgId, object, this.channelFor(entry));
      return;
    }
    this.core.log.warn(`ignoring a client message of type ${(object as { className?: string }).className}`);
  }

  /** ping_delay_disconnect: close if no further ping arrives within the delay. */
  private armPingDisconnect(delaySeconds: number): void {
    clearTimeout(this.pingDisconnect);
    // GramJS asks for 60000 "seconds"; a timer longer than 2^31-1 ms would fire at once.
    this.pingDisconnect = setTimeout(() => this.close(), Math.min(delaySeconds * 1000, MAX_TIMER_MS));
  }

  private channelFor(entry: AuthKeyEntry): CallChannel {
    const ctx: MethodContext = {
      authKeyId: entry.id,
      get userId() {
        return entry.userId;
      },
      bindUser: (userId) => {
        entry.userId = userId;
      },
    };
    return {
      ctx,
      answer: (body) => this.sendEncrypted(body, "answer", true),
      drop: () => this.closeAfterFlush(),
      sleep: (ms) => new Promise((resolve) => this.core.later(ms, resolve)),
      checkApiId: (apiId) => {
        entry.apiId ??= apiId;
        return entry.apiId === apiId ? undefined : new RpcError(400, "API_ID_INVALID");
      },
    };
  }

  private sendEncrypted(body: Buffer, kind: "answer" | "push", contentRelated: boolean): void {
    const entry = this.authKey;
    if (this.closed || !entry || this.sessionId === undefined) return;
    const seqNo = contentRelated ? this.contentMessagesSent++ * 2 + 1 : this.contentMessagesSent * 2;
    const plain = msg.writeEnvelope(entry.salt, this.sessionId, this.core.clock.next(kind), seqNo, body);
    this.write(encryptServerPacket(entry.key, entry.id, plain));
  }

  private write(packet: Buffer): void {
    if (this.closed || !this.codec) return;
    this.socket.write(this.codec.encode(packet));
  }
}
