// Where the gateway process answers. The public URL is what agents and their clients are given
// (runtime bundles, tool URLs, the console); the internal one is how the web process reaches it
// (the console's "try it" relay). Both default to this machine's GATEWAY_PORT.

const trimSlash = (url: string) => url.replace(/\/+$/, "");

export function gatewayPort(): number {
  const raw = process.env.GATEWAY_PORT;
  const port = raw ? Number(raw) : 3001;
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : 3001;
}

/** The gateway's URL as agents and clients reach it: GATEWAY_URL, else http://localhost:<GATEWAY_PORT>. */
export function gatewayPublicUrl(): string {
  return trimSlash(process.env.GATEWAY_URL || `http://localhost:${gatewayPort()}`);
}

/** The gateway's URL from the web process: GATEWAY_INTERNAL_URL, else http://127.0.0.1:<GATEWAY_PORT>. */
export function gatewayInternalUrl(): string {
  return trimSlash(process.env.GATEWAY_INTERNAL_URL || `http://127.0.0.1:${gatewayPort()}`);
}
