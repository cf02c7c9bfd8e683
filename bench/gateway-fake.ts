// Child of bench/gateway.ts: the fake OpenAI upstream (test/support/fake-llm.ts, precomputed
// answers) in a process of its own, so its work competes with neither the load generator's
// event loop nor the proxies'. Prints `ready <port>`; SIGTERM closes it.
import { startFakeOpenAI } from "../test/support/fake-llm";

async function main(): Promise<void> {
  // Keeps no request bodies: the bench sends tens of thousands.
  const fake = await startFakeOpenAI({ maxRecorded: 0, promptTokens: 12, completionTokens: 8 });
  console.log(`ready ${fake.port}`);
  const stop = () => void fake.close().finally(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
