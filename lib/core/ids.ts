import { randomBytes } from "node:crypto";

// Prefixed, time-sortable ids: <prefix>_<10 chars of ms timestamp><16 chars of randomness>,
// Crockford base32 so they sort lexicographically by creation time.
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

const ID_PREFIXES = {
  user: "usr",
  workspace: "ws",
  project: "prj",
  token: "tok",
  invitation: "inv",
  domain: "dom",
  audit: "aud",
  emailToken: "etk",
  request: "req",
  session: "ses",
  llmProvider: "llmp",
  modelSetting: "mset",
  connection: "conn",
  mcpInstance: "mcpi",
  mcpTool: "mcpt",
  oauthState: "oas",
  workflow: "wf",
  workflowVersion: "wfv",
  run: "run",
  runStep: "stp",
  approval: "apr",
  usage: "use",
  inboundSubscription: "ibs",
  inboundDelivery: "ibd",
  webhook: "whk",
  webhookDelivery: "whd",
  webhookAttempt: "wha",
  event: "evt",
  ledger: "led",
  agent: "agt",
  agentToken: "agtk",
  tool: "tool",
  toolPolicy: "tpol",
  platformToken: "ptok",
  platformAudit: "paud",
  dataExport: "exp",
  workspaceDeletion: "wsdel",
  billingRetention: "bret",
} as const;

type IdKind = keyof typeof ID_PREFIXES;

function encodeTime(ms: number): string {
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] & 31];
  return out;
}

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(Date.now())}${encodeRandom(16)}`;
}
