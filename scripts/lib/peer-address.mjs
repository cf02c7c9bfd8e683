// The client address of a request, as the web process saw it on the socket. Next.js (16.x,
// base-server.js) fills X-Forwarded-For from the socket only when the header is absent
// (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so a header the client sent
// reaches route handlers verbatim and a forged address would pass as the caller's. Appending
// the socket address, as every reverse proxy does, makes the rightmost entry always the true
// peer; lib/http/request-context.ts counts TRUSTED_PROXY_HOPS entries left from there.
import { subscribe } from "node:diagnostics_channel";

/**
 * Appends the socket's remote address to the request's X-Forwarded-For.
 * @param {import("node:http").IncomingMessage} request
 * @param {import("node:net").Socket} socket
 */
export function appendPeerAddress(request, socket) {
  const peer = socket.remoteAddress ?? "unknown";
  const prior = request.headers["x-forwarded-for"];
  request.headers["x-forwarded-for"] = prior ? `${prior}, ${peer}` : peer;
}

/** Rewrites every request of this process before any `request` listener (Next's server) runs. */
export function installPeerAddress() {
  subscribe("http.server.request.start", (message) => {
    const { request, socket } = /** @type {{ request: import("node:http").IncomingMessage, socket: import("node:net").Socket }} */ (message);
    appendPeerAddress(request, socket);
  });
}
