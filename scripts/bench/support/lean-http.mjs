// A lean HTTP/1.1 client for benches that need a body of their own per request and the answer's status and body:
// one kept-alive socket, one request at a time, the request written as one string and the answer read by its
// Content-Length. Node's http client spends about 0.3 ms of CPU a request on this machine (headers objects, the
// agent, the parser's events), which on two shared cores is taken from the server being measured; this spends a
// fraction of that. It understands only what the api sends back (a status line, headers with Content-Length).
import net from 'node:net';

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * Opens a connection to `base` (http://host:port). `send` resolves `{ status, text }`; a socket error or close
 * rejects the request in flight, and the next `send` reconnects.
 */
export function leanConnection(base) {
  const { hostname, port } = new URL(base);
  let socket;
  let pending; // { resolve, reject }
  let buffered = Buffer.alloc(0);

  const fail = (error) => {
    socket = undefined;
    buffered = Buffer.alloc(0);
    const waiting = pending;
    pending = undefined;
    waiting?.reject(error);
  };

  const onData = (chunk) => {
    buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
    const headEnd = buffered.indexOf(HEADER_END);
    if (headEnd < 0) return;
    const head = buffered.toString('latin1', 0, headEnd);
    if (/\r\ntransfer-encoding:/i.test(head)) {
      const given = socket;
      fail(new Error(`an answer without Content-Length: ${head.split('\r\n')[0]}`));
      given?.destroy();
      return;
    }
    const lengthAt = head.search(/\r\ncontent-length:/i);
    const length = lengthAt < 0 ? 0 : Number.parseInt(head.slice(head.indexOf(':', lengthAt) + 1), 10);
    const total = headEnd + HEADER_END.length + length;
    if (buffered.length < total) return;
    const status = Number(head.slice(9, 12));
    const text = buffered.toString('utf8', headEnd + HEADER_END.length, total);
    buffered = buffered.subarray(total);
    const waiting = pending;
    pending = undefined;
    waiting?.resolve({ status, text });
  };

  const connect = () => {
    const own = net.connect({ host: hostname, port: Number(port), noDelay: true });
    socket = own;
    // a socket given up (closed, or destroyed on an answer this client cannot read) no longer speaks for the next
    own.on('data', (chunk) => socket === own && onData(chunk));
    own.on('error', (error) => socket === own && fail(error));
    own.on('close', () => socket === own && fail(new Error('connection closed')));
  };

  return {
    /** `headers` is a ready header block ("name: value\r\n" lines); `body` a string. */
    send(method, urlPath, headers, body = '') {
      if (pending) return Promise.reject(new Error('one request at a time'));
      if (!socket) connect();
      return new Promise((resolve, reject) => {
        pending = { resolve, reject };
        socket.write(
          `${method} ${urlPath} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n${headers}` +
            `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      });
    },
    close() {
      const given = socket;
      socket = undefined;
      given?.destroy();
    },
  };
}
