/**
 * GramJS StringSession strings for a key: "1" + base64(dcId:uint8 |
 * addressLength:int16BE | address | port:int16BE | key). Address and port
 * are placeholders: clients must dial through pinnedConnection(), because
 * GramJS ignores the session's port and cannot store ports above 32767.
 */
const PLACEHOLDER_ADDRESS = "127.0.0.1";
const PLACEHOLDER_PORT = 443;

export function stringSessionFor(dcId: number, key: Buffer): string {
  const address = Buffer.from(PLACEHOLDER_ADDRESS);
  const header = Buffer.alloc(3);
  header.writeUInt8(dcId, 0);
  header.writeInt16BE(address.length, 1);
  const port = Buffer.alloc(2);
  port.writeInt16BE(PLACEHOLDER_PORT, 0);
  return "1" + Buffer.concat([header, address, port, key]).toString("base64");
}
