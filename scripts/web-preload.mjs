// Loaded into the web process with `node --import` (scripts/start.ts), before Next.js creates
// its server, so not even the first request can reach a route with a forged client address.
import { installPeerAddress } from "./lib/peer-address.mjs";

installPeerAddress();
