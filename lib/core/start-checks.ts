import { mailConfigProblem } from "./local-mode";
import { webOnlyRoleProblem } from "./process-role";

/**
 * Stops the web process at start-up when it could not work: the web-only role without a
 * database (lib/core/process-role.ts), or no way to send mail (lib/core/local-mode.ts).
 */
export function refuseToStartMisconfigured(): void {
  const problem = webOnlyRoleProblem() ?? mailConfigProblem();
  if (!problem) return;
  console.error(`[web] cannot start: ${problem}`);
  process.exit(1);
}
