// How a TypeScript process (worker, gateway) is started by the launcher (scripts/start.ts), the
// npm scripts, the container entry point and the fault test: one Node process that loads tsx as
// a module hook — `node --conditions=react-server --import tsx <entry>`.
//
// Not the tsx CLI (`tsx <entry>`): it runs the script in a second process and, on SIGTERM, waits
// ~30 ms for that child to report the signal, relays it, waits ~30 ms more and then SIGKILLs the
// child and exits 143. A child whose event loop is busy for longer (a loaded machine) was killed
// in the middle of its drain: a gateway exited 143 with 4 streams cut in the fault test.
// test/first-run/ts-process.test.ts holds this.

/** Node arguments that run `entry` (relative to the working directory) with tsx and the react-server condition. */
export function tsProcessArgs(entry: string): string[] {
  return ["--conditions=react-server", "--import", "tsx", entry];
}
