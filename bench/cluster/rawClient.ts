/**
 * A bare WebSocket client for the fan-out benchmark: the RFC 6455 handshake and frame reading on a plain TCP
 * socket, nothing else. The benchmark's clients run on the same two-core machine as the serve node they measure,
 * and `ws`'s client (a Writable stream, events, UTF-8 checks per message) cost 18.5 µs of the clients' CPU per
 * message received, more than the serve node's 12.3 µs to send it: at 5,000 clients the load generator took more
 * of the machine than the server under test. This one reads into one buffer shared by all its sockets (`onread`:
 * no stream, no Buffer per read), finds each frame in place and hands the text payload on.
 *
 * It does what a client must for the server to keep it: answers pings with masked pongs, and closes with a masked
 * close frame. It refuses what the server never sends here (masked or fragmented frames, a failed handshake), so
 * a protocol change shows up as a failed run, not as a wrong figure.
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const HEADER_END = Buffer.from('\r\n\r\n');

const OPCODE = { text: 0x1, close: 0x8, ping: 0x9, pong: 0xa } as const;

/**
 * Every socket reads into this buffer and its frames are handled before the callback returns; a frame cut by the
 * read is copied out. Bigger than any message the benchmark receives.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

/** One open socket. */
export interface RawWebSocket {
  /** Sends a close frame (1000) and ends the connection. */
  close(): void;
}

/** What a client is told. */
export interface RawHandlers {
  /** A whole text message's payload (a view into a shared buffer: read it before returning, keep no reference). */
  text(payload: Buffer): void;
  /** The connection ended (a close frame, the server hanging up, or an error). */
  closed(reason: string): void;
}

/** A client frame: FIN, the opcode, masked as RFC 6455 §5.3 requires of clients. */
function maskedFrame(opcode: number, payload: Buffer): Buffer {
  if (payload.length > 125) throw new Error('control frames carry at most 125 bytes');
  const mask = randomBytes(4);
  const frame = Buffer.allocUnsafe(6 + payload.length);
  frame[0] = 0x80 | opcode;
  frame[1] = 0x80 | payload.length;
  mask.copy(frame, 2);
  for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

/** Opens `url` (ws://host:port/path?query); resolves once the server has accepted the upgrade. */
export function openRawWebSocket(url: string, handlers: RawHandlers): Promise<RawWebSocket> {
  const { hostname, port, pathname, search } = new URL(url);
  const key = randomBytes(16).toString('base64');
  const accept = createHash('sha1')
    .update(key + GUID)
    .digest('base64');
  let pending: Buffer | null = null;
  let upgraded = false;
  let ended = false;
  let onUpgrade!: () => void;
  let onRefused!: (err: Error) => void;
  const upgrade = new Promise<void>((resolve, reject) => {
    onUpgrade = resolve;
    onRefused = reject;
  });
  const socket = net.connect({
    host: hostname,
    port: Number(port),
    noDelay: true,
    onread: {
      buffer: READ_BUFFER,
      callback: (n) => {
        received(READ_BUFFER.subarray(0, n));
        return true;
      },
    },
  });
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    socket.destroy();
    handlers.closed(reason);
  };
  const client: RawWebSocket = {
    close() {
      if (ended) return;
      const code = Buffer.from([0x03, 0xe8]); // 1000
      socket.end(maskedFrame(OPCODE.close, code));
      ended = true;
    },
  };

  /** Reads every whole frame at the front of `data`; returns what is left (a frame cut by the read). */
  function frames(data: Buffer): Buffer | null {
    let at = 0;
    while (data.length - at >= 2) {
      const b0 = data[at]!;
      const b1 = data[at + 1]!;
      if (b1 & 0x80) {
        end('the server sent a masked frame');
        return null;
      }
      let length = b1 & 0x7f;
      let header = 2;
      if (length === 126) {
        if (data.length - at < 4) break;
        length = data.readUInt16BE(at + 2);
        header = 4;
      } else if (length === 127) {
        if (data.length - at < 10) break;
        length = Number(data.readBigUInt64BE(at + 2));
        header = 10;
      }
      if (data.length - at < header + length) break;
      const payload = data.subarray(at + header, at + header + length);
      at += header + length;
      const opcode = b0 & 0x0f;
      if (!(b0 & 0x80)) {
        end('the server sent a fragmented message');
        return null;
      }
      if (opcode === OPCODE.text) handlers.text(payload);
      else if (opcode === OPCODE.ping) socket.write(maskedFrame(OPCODE.pong, payload));
      else if (opcode === OPCODE.close) {
        end(`close ${length >= 2 ? payload.readUInt16BE(0) : ''} ${payload.subarray(2).toString()}`.trim());
        return null;
      } else if (opcode !== OPCODE.pong) {
        end(`unexpected opcode ${opcode}`);
        return null;
      }
      if (ended) return null;
    }
    return at === data.length ? null : data.subarray(at);
  }

  /** What one read brought: the handshake's answer first, then frames. */
  function received(chunk: Buffer): void {
    let data = pending ? Buffer.concat([pending, chunk]) : chunk;
    pending = null;
    if (!upgraded) {
      const headEnd = data.indexOf(HEADER_END);
      if (headEnd < 0) {
        pending = Buffer.from(data);
        return;
      }
      const head = data.subarray(0, headEnd).toString('latin1');
      const acceptLine = new RegExp(`^sec-websocket-accept: *${accept.replace(/[+/=]/g, '\\$&')}\\s*$`, 'im');
      if (!head.startsWith('HTTP/1.1 101') || !acceptLine.test(head)) {
        socket.destroy();
        onRefused(new Error(`the upgrade was refused: ${head.split('\r\n')[0]}`));
        return;
      }
      upgraded = true;
      onUpgrade();
      data = data.subarray(headEnd + HEADER_END.length);
    }
    const rest = frames(data);
    // The rest of a cut frame still lies in the shared buffer, which the next read overwrites: copy it.
    if (rest) pending = Buffer.from(rest);
  }

  socket.once('connect', () =>
    socket.write(
      `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    ),
  );
  socket.once('error', (err) => {
    if (!upgraded) onRefused(err);
    end(err.message);
  });
  socket.once('close', () => {
    if (!upgraded) onRefused(new Error('the connection closed before the upgrade'));
    end('the connection closed');
  });
  return upgrade.then(() => client);
}
