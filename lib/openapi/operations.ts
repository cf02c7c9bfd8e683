import type { ApiRegistry } from "./registry";
import { registerAuditOperations } from "./operations/audit";
import { registerMeOperations } from "./operations/me";
import { registerMetaOperations } from "./operations/meta";
import { registerTokenOperations } from "./operations/tokens";

// Every resource's operations, in document order. A route under app/v1 that is missing here
// fails test/openapi (the document must list every exported handler).
export const OPERATION_MODULES: ReadonlyArray<(r: ApiRegistry) => void> = [
  registerMeOperations,
  registerTokenOperations,
  registerAuditOperations,
  registerMetaOperations,
];
