import type { OperationResource } from "./define";
import { agents } from "./agents";
import { approvals } from "./approvals";
import { audit } from "./audit";
import { auth } from "./auth";
import { billing } from "./billing";
import { connections } from "./connections";
import { domains } from "./domains";
import { dataExports } from "./exports";
import { inbound } from "./inbound";
import { invitations } from "./invitations";
import { mcpInstances } from "./mcp-instances";
import { me } from "./me";
import { members } from "./members";
import { meta } from "./meta";
import { modelSettings } from "./model-settings";
import { models } from "./models";
import { oauthConnections } from "./oauth-connections";
import { platform } from "./platform";
import { projects } from "./projects";
import { providers } from "./providers";
import { runStats } from "./run-stats";
import { runs } from "./runs";
import { tokens } from "./tokens";
import { tools } from "./tools";
import { webhooks } from "./webhooks";
import { workflowTemplates } from "./workflow-templates";
import { workflows } from "./workflows";
import { workspaces } from "./workspaces";

// Every /v1 operation, by resource, in the OpenAPI document's order (within a resource, the order
// its file defines them in). A route file exports `routeOf(<definition>)`;
// test/operations/definitions.test.ts holds the two lists together.
export const OPERATION_RESOURCES: ReadonlyArray<OperationResource> = [
  auth,
  me,
  workspaces,
  dataExports,
  projects,
  members,
  invitations,
  domains,
  tokens,
  connections,
  oauthConnections,
  mcpInstances,
  agents,
  tools,
  inbound,
  webhooks,
  audit,
  providers,
  models,
  modelSettings,
  workflows,
  workflowTemplates,
  runs,
  approvals,
  runStats,
  billing,
  platform,
  meta,
];
