// Bad input never yields a 500: invitations, domains, tokens and audit (see run.ts).
import "./env";
import { operationsOf } from "./groups";
import { fuzzOperations } from "./run";

fuzzOperations(operationsOf("resources"));
