// The vault's only error type. Messages name what failed (workspace id, table, column, key
// version) but never contain plaintext, key material or ciphertext bytes: callers may log them.
export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VaultError";
  }
}
