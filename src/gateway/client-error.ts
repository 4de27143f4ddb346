import type { Duplex } from 'node:stream';

/** How long a refused connection may keep sending before it is cut. */
const DRAIN_MS = 5_000;

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

/**
 * node:http's 'clientError': a request it cannot parse. Answers with a status
 * and a JSON body the client can read, instead of a reset: 414 when the
 * request line alone passes the header limit (a query string in a long GET
 * URL), 431 when the headers do, 408 on a header timeout, else 400. Then it
 * ends our side and keeps reading (and dropping) what the client still sends,
 * so the close is orderly; whatever is left after DRAIN_MS is cut.
 */
export function answerClientError(err: Error & { code?: string; rawPacket?: Buffer }, socket: Duplex, maxHeaderBytes: number): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  let status = 400;
  let message = 'Malformed HTTP request';
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    const raw = err.rawPacket;
    const lineEnd = raw ? raw.indexOf('\r\n') : -1;
    const longLine = raw !== undefined && /^[A-Z]+ /.test(raw.subarray(0, 16).toString('latin1')) && (lineEnd === -1 || lineEnd > maxHeaderBytes / 2);
    status = longLine ? 414 : 431;
    message = longLine
      ? `The request URL is too long (the request line and headers may take ${maxHeaderBytes} bytes); send the query in a POST body`
      : `The request headers are too large (at most ${maxHeaderBytes} bytes)`;
  } else if (err.code === 'HPE_HEADER_TIMEOUT' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    message = 'The request headers did not arrive in time';
  }
  const code = status === 414 ? 'URI_TOO_LONG' : status === 431 ? 'HEADERS_TOO_LARGE' : 'BAD_REQUEST';
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  // node:http may call us again for the bytes that follow: answer once.
  socket.removeAllListeners('data');
  socket.on('data', () => undefined);
  socket.on('error', () => undefined);
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  socket.resume();
  setTimeout(() => socket.destroy(), DRAIN_MS).unref();
}
