import type { Socket } from "node:net";

const REASONS: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 413: "Payload Too Large", 414: "URI Too Long", 431: "Request Header Fields Too Large" };

function statusFor(code: string | undefined): number {
  if (code === "HPE_HEADER_OVERFLOW") return 431;
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return 408;
  return 400;
}

/**
 * The server's 'clientError' listener (malformed HTTP: bad request line, method, version,
 * headers, framing). Node's default writes 400 and destroys the socket at once, which resets the
 * connection when the client is still sending, so the client may never read the answer. Here the
 * answer is written and the socket half-closed (FIN after the answer), then destroyed shortly
 * after if the client does not close it.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === "ECONNRESET" || !socket.writable || socket.bytesWritten > 0) {
    socket.destroy();
    return;
  }
  // No body: the request could not be parsed, so it may have been a HEAD (which takes none).
  const status = statusFor(error.code);
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  setTimeout(() => socket.destroy(), 2000).unref();
}
