// Bad input never yields a 500 on the operator API (/v1/platform/*), called with a platform
// token from its allowlist; sessions, PATs and junk credentials are refused with a 4xx.
import "./env";
import { operationsOf } from "./groups";
import { fuzzOperations } from "./run";

fuzzOperations(operationsOf("platform"));
