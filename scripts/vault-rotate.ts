// `npm run vault:rotate`: rewraps every workspace data key that is not on the newest master key
// (the first entry of AGENTRUNTIME_MASTER_KEYS) with the newest one. Secrets are never decrypted;
// old ciphertexts stay readable because the data keys themselves do not change. Idempotent.
// Rotation procedure: prepend the new key (`v2:…,v1:…`), restart, run this, then drop v1.
import { withScriptDatabase } from "./lib/script-database";

async function rotate(): Promise<number> {
  const { rewrapDataKeys } = await import("../lib/vault/rewrap");
  const r = await rewrapDataKeys();
  console.log(`vault rotate: newest master key ${r.newestVersion}
  data keys:        ${r.total}
  already current:  ${r.alreadyCurrent}
  rewrapped now:    ${r.rewrapped}
  failed:           ${r.failed.length}`);
  for (const f of r.failed) console.error(`  ${f.workspaceId} (${f.masterKeyVersion}): ${f.reason}`);
  return r.failed.length > 0 ? 1 : 0;
}

withScriptDatabase(rotate).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`vault rotate failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
