import { hash, verify, type Algorithm } from "@node-rs/argon2";

// argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane). The full password
// is hashed — argon2 has no 72-byte limit like bcrypt, so nothing is silently truncated.
const ARGON2ID = 2 as Algorithm; // Algorithm.Argon2id (a const enum, unusable under isolatedModules)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password or an unparsable hash; never throws. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// A fixed hash verified when the email is unknown, so a wrong email costs as much time as a
// wrong password and response timing does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("agentruntime-timing-equaliser");
  await verifyPassword(await dummyHash, password);
}
