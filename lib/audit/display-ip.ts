import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** One spelling per address: an IPv4 client seen on a dual-stack socket ("::ffff:192.0.2.1") is 192.0.2.1. */
export function displayIp(ip: string | null | undefined): string | null {
  if (!ip) return null;
  return isIP(ip) ? ipaddr.process(ip).toString() : ip;
}
