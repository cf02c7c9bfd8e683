// Authenticated-data encodings. Each field is length-prefixed (uint32 big-endian) so no two
// different contexts encode to the same bytes ("ab"+"c" vs "a"+"bc"), and a purpose label keeps
// a wrapped data key and a sealed secret from ever sharing a context.
export type SecretRef = { workspaceId: string; table: string; rowId: string; column: string };

function encode(fields: string[]): Uint8Array {
  const parts = fields.map((f) => Buffer.from(f, "utf8"));
  const out = Buffer.alloc(parts.reduce((n, p) => n + 4 + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.writeUInt32BE(p.length, at);
    p.copy(out, at + 4);
    at += 4 + p.length;
  }
  return out;
}

export function secretAad(ref: SecretRef): Uint8Array {
  return encode(["agentruntime.secret.v1", ref.workspaceId, ref.table, ref.rowId, ref.column]);
}

export function dataKeyAad(workspaceId: string, masterKeyVersion: string): Uint8Array {
  return encode(["agentruntime.data-key.v1", workspaceId, masterKeyVersion]);
}
