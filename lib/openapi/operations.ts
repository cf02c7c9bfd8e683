import type { OperationResource } from "@/lib/operations/define";
import { inboundOperations } from "@/lib/operations/inbound";
import { runsOperations } from "@/lib/operations/runs";
import { projectsOperations } from "@/lib/operations/projects";
import { workspacesOperations } from "@/lib/operations/workspaces";
import { runStatsOperations } from "@/lib/operations/run-stats";
import { providersOperations } from "@/lib/operations/providers";
import { modelSettingsOperations } from "@/lib/operations/model-settings";
import { modelsOperations } from "@/lib/operations/models";
import { metaOperations } from "@/lib/operations/meta";
import { meOperations } from "@/lib/operations/me";
import { invitationsOperations } from "@/lib/operations/invitations";
import { membersOperations } from "@/lib/operations/members";
import { domainsOperations } from "@/lib/operations/domains";
import { connectionsOperations } from "@/lib/operations/connections";
import { webhooksOperations } from "@/lib/operations/webhooks";
import { billingOperations } from "@/lib/operations/billing";
import { auditOperations } from "@/lib/operations/audit";
import { approvalsOperations } from "@/lib/operations/approvals";
import { tokensOperations } from "@/lib/operations/tokens";
import { workflowOperations } from "@/lib/operations/workflows";
import type { ApiRegistry } from "./registry";
import { registerAuthOperations } from "./operations/auth";
import { registerOAuthConnectionOperations } from "./operations/oauth-connections";

// Every resource's operations, in document order: a definition module from lib/operations, or
// (until it moves there) the registration of a resource whose route files are still hand-written.
// A route under app/v1 that is missing here fails lib/openapi/document.test.ts.
export const OPERATION_MODULES: ReadonlyArray<((r: ApiRegistry) => void) | OperationResource> = [
  registerAuthOperations,
  meOperations,
  workspacesOperations,
  projectsOperations,
  membersOperations,
  invitationsOperations,
  domainsOperations,
  tokensOperations,
  connectionsOperations,
  registerOAuthConnectionOperations,
  inboundOperations,
  webhooksOperations,
  auditOperations,
  providersOperations,
  modelsOperations,
  modelSettingsOperations,
  workflowOperations,
  runsOperations,
  approvalsOperations,
  runStatsOperations,
  billingOperations,
  metaOperations,
];
