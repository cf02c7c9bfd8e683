// Bad input never yields a 500: the auth, /v1/me and meta operations (see run.ts).
import "./env";
import { operationsOf } from "./groups";
import { fuzzOperations } from "./run";

fuzzOperations(operationsOf("auth"));
