import ipaddr from "ipaddr.js";
import { clientIp } from "@/lib/http/request-context";
import { usesDevOutbox } from "@/lib/core/local-mode";
import { countPendingJobs } from "@/lib/queue/boss";
import { QUEUES } from "@/lib/queue/queues";

// /dev/mail shows every sign-in and reset link this installation sent: it exists only while
// mail goes to the development outbox, and only for a browser on this machine.

function isLoopback(ip: string | null): boolean {
  if (!ip || !ipaddr.isValid(ip)) return false;
  return ipaddr.process(ip).range() === "loopback"; // process(): ::ffff:127.0.0.1 → 127.0.0.1
}

/** True when the development outbox may be shown to this request. */
export function devOutboxVisibleTo(headers: Headers): boolean {
  return usesDevOutbox() && isLoopback(clientIp(headers.get("x-forwarded-for")));
}

/**
 * Mail leaves through the job queue, so a link asked for a moment ago may still be on its
 * way: wait (at most `maxMs`) until no recent job of the mail queues is pending.
 */
export async function waitForQueuedMail(maxMs = 3000): Promise<void> {
  const queues = [QUEUES.accountMail, QUEUES.mail];
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const pending = await countPendingJobs(queues, 30).catch(() => 0);
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
