/** Queues of the raw pg-boss baseline: chain-1 sends chain-2, which sends chain-3. */
export const CHAIN = ["bench-chain-1", "bench-chain-2", "bench-chain-3"] as const;
