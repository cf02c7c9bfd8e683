import { mailConfigProblem } from "./local-mode";

/** Stops the web process at start-up when it could not send mail (see lib/core/local-mode.ts). */
export function refuseToStartWithoutMail(): void {
  const problem = mailConfigProblem();
  if (!problem) return;
  console.error(`[web] cannot start: ${problem}`);
  process.exit(1);
}
