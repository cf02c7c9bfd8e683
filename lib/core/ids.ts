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

// Randomness is drawn from the CSPRNG 4 KiB at a time and handed out in order, each byte once
// (as node's randomUUID does): one call into OpenSSL per 256 ids instead of one per id (8 % of a
// run worker's CPU in bench:runs, ~15 ids per run).
const RANDOM_POOL = 4096;
let pool = Buffer.alloc(0);
let taken = 0;

function randomPart(length: number): Buffer {
  if (taken + length > pool.length) {
    pool = randomBytes(RANDOM_POOL);
    taken = 0;
  }
  const part = pool.subarray(taken, taken + length);
  taken += length;
  return part;
}

function encodeRandom(length: number): string {
  const bytes = randomPart(length);
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] & 31];
  return out;
}

export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(Date.now())}${encodeRandom(16)}`;
}
