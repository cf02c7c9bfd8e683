import "@/test/fuzz/env";
import { OPERATIONS } from "@/test/fuzz/operations";
import { fuzzOperations } from "@/test/fuzz/run";

fuzzOperations(OPERATIONS.filter((op) => op.tags.includes("Billing")));
