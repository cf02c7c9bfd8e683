import type { OperationResource } from "@/lib/operations/define";
import { connectionsOperations } from "@/lib/operations/connections";
import { webhooksOperations } from "@/lib/operations/webhooks";
import { billingOperations } from "@/lib/operations/billing";
import { auditOperations } from "@/lib/operations/audit";
import { approvalsOperations } from "@/lib/operations/approvals";
import { tokensOperations } from "@/lib/operations/tokens";
import { workflowOperations } from "@/lib/operations/workflows";
import type { ApiRegistry } from "./registry";
import { registerAuthOperations } from "./operations/auth";
import { registerDomainOperations } from "./operations/domains";
import { registerInboundOperations } from "./operations/inbound";
import { registerInvitationOperations } from "./operations/invitations";
import { registerMeOperations } from "./operations/me";
import { registerMemberOperations } from "./operations/members";
import { registerMetaOperations } from "./operations/meta";
import { registerOAuthConnectionOperations } from "./operations/oauth-connections";
import { registerModelOperations } from "./operations/models";
import { registerModelSettingOperations } from "./operations/model-settings";
import { registerProjectOperations } from "./operations/projects";
import { registerProviderOperations } from "./operations/providers";
import { registerRunOperations } from "./operations/runs";
import { registerRunStatsOperations } from "./operations/run-stats";
import { registerWorkspaceOperations } from "./operations/workspaces";

// Every resource's operations, in document order: a definition module from lib/operations, or
// (until it moves there) the registration of a resource whose route files are still hand-written.
// A route under app/v1 that is missing here fails lib/openapi/document.test.ts.
export const OPERATION_MODULES: ReadonlyArray<((r: ApiRegistry) => void) | OperationResource> = [
  registerAuthOperations,
  registerMeOperations,
  registerWorkspaceOperations,
  registerProjectOperations,
  registerMemberOperations,
  registerInvitationOperations,
  registerDomainOperations,
  tokensOperations,
  connectionsOperations,
  registerOAuthConnectionOperations,
  registerInboundOperations,
  webhooksOperations,
  auditOperations,
  registerProviderOperations,
  registerModelOperations,
  registerModelSettingOperations,
  workflowOperations,
  registerRunOperations,
  approvalsOperations,
  registerRunStatsOperations,
  billingOperations,
  registerMetaOperations,
];
