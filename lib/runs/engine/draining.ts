// Set while this worker process shuts down: runs stop between steps and hand their job back to
// the queue (the in-flight step still finishes), so a SIGTERM never waits for a whole run.
const g = globalThis as unknown as { __arRunsDraining?: boolean };

export function setDraining(value: boolean): void {
  g.__arRunsDraining = value;
}

export function isDraining(): boolean {
  return g.__arRunsDraining === true;
}
