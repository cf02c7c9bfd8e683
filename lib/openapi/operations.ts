import type { OperationResource } from "@/lib/operations/define";
import { workflowOperations } from "@/lib/operations/workflows";
import type { ApiRegistry } from "./registry";
import { registerApprovalOperations } from "./operations/approvals";
import { registerAuditOperations } from "./operations/audit";
import { registerAuthOperations } from "./operations/auth";
import { registerBillingOperations } from "./operations/billing";
import { registerConnectionOperations } from "./operations/connections";
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
import { registerTokenOperations } from "./operations/tokens";
import { registerWebhookOperations } from "./operations/webhooks";
import { registerWorkspaceOperations } from "./operations/workspaces";

// Every resource's operations, in document order: a definition module from lib/operations, or
// (until it moves there) the registration of a resource whose route files are still hand-written. A route under app/v1 that is missing here
// fails lib/openapi/document.test.ts (the document must list every exported handler).
export const OPERATION_MODULES: ReadonlyArray<((r: ApiRegistry) => void) | OperationResource> = [
  registerAuthOperations,
  registerMeOperations,
  registerWorkspaceOperations,
  registerProjectOperations,
  registerMemberOperations,
  registerInvitationOperations,
  registerDomainOperations,
  registerTokenOperations,
  registerConnectionOperations,
  registerOAuthConnectionOperations,
  registerInboundOperations,
  registerWebhookOperations,
  registerAuditOperations,
  registerProviderOperations,
  registerModelOperations,
  registerModelSettingOperations,
  workflowOperations,
  registerRunOperations,
  registerApprovalOperations,
  registerRunStatsOperations,
  registerBillingOperations,
  registerMetaOperations,
];
