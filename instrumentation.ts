// Runs once when a web server process starts (Next.js instrumentation hook).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Refuse to serve rather than answer sign-ups whose verification mail can never leave.
  const { refuseToStartWithoutMail } = await import("./lib/start-checks");
  refuseToStartWithoutMail();
}
