// Runs once when a web server process starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { mailConfigProblem } = await import("./lib/local-mode");
  // Refuse to serve rather than answer sign-ups whose verification mail can never leave.
  const problem = mailConfigProblem();
  if (problem) {
    console.error(`[web] cannot start: ${problem}`);
    process.exit(1);
  }
}
