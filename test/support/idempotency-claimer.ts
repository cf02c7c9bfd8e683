// A request that claims an Idempotency-Key and never finishes, in a process of its own: the
// idempotency tests kill it with -9, as a crashed web process. Argv: workspaceId scope key hash.
import { withIdempotency } from "@/lib/idempotency/with-idempotency";

const [workspaceId, scope, key, requestHash] = process.argv.slice(2);
void withIdempotency({ workspaceId, scope, key, requestHash }, () => {
  console.log("claimed");
  return new Promise(() => {});
});
