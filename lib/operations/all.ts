import type { OperationResource } from "./define";
import { approvalsOperations } from "./approvals";
import { auditOperations } from "./audit";
import { authOperations } from "./auth";
import { billingOperations } from "./billing";
import { connectionsOperations } from "./connections";
import { domainsOperations } from "./domains";
import { inboundOperations } from "./inbound";
import { invitationsOperations } from "./invitations";
import { meOperations } from "./me";
import { membersOperations } from "./members";
import { metaOperations } from "./meta";
import { modelSettingsOperations } from "./model-settings";
import { modelsOperations } from "./models";
import { oauthConnectionsOperations } from "./oauth-connections";
import { projectsOperations } from "./projects";
import { providersOperations } from "./providers";
import { runStatsOperations } from "./run-stats";
import { runsOperations } from "./runs";
import { tokensOperations } from "./tokens";
import { webhooksOperations } from "./webhooks";
import { workflowOperations } from "./workflows";
import { workspacesOperations } from "./workspaces";

// Every /v1 operation, by resource, in the OpenAPI document's order. A route file exports
// `routeOf(<definition>)`; test/operations/definitions.test.ts holds the two lists together.
export const OPERATION_RESOURCES: ReadonlyArray<OperationResource> = [
  authOperations,
  meOperations,
  workspacesOperations,
  projectsOperations,
  membersOperations,
  invitationsOperations,
  domainsOperations,
  tokensOperations,
  connectionsOperations,
  oauthConnectionsOperations,
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
