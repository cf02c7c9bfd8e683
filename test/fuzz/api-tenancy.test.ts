// Bad input never yields a 500: workspaces, projects and members (see run.ts).
import "./env";
import { operationsOf } from "./groups";
import { fuzzOperations } from "./run";

fuzzOperations(operationsOf("tenancy"));
