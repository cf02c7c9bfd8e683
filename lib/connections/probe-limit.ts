import { consume, limit } from "@/lib/rate-limit/limiter";

// Test and rotate make outbound calls (and database logins) on the caller's behalf; a
// per-project budget keeps a loop from turning us into a credential-stuffing relay.
export async function consumeProbe(projectId: string): Promise<void> {
  await consume(limit("connection_probe", 30, 60), projectId);
}
