// Import direction (../shared/STYLE.md, "Where things go"): core ← infrastructure ← domains ←
// the HTTP adapter ← app/, components/, worker/, scripts/. Folder cycles are checked by
// dependency-cruiser (.dependency-cruiser.cjs, `npm run lint`).
const INFRA_BASE = ["db", "generated", "redis"];
const INFRA = ["queue", "vault", "rate-limit", "http", "net", "telemetry"];
const MODEL = ["authz", "schemas"];
const ADAPTER = ["api", "operations", "mcp"];
const lib = (names) => names.map((n) => `./lib/${n}`);
const not = (names) => names.map((n) => `./${n}`);
const TOP = ["./app", "./components", "./worker", "./scripts", "./gateway", "./e2e", "./test", "./bench"];

import { readdirSync } from "node:fs";

const LAYERED = new Set(["core", ...INFRA_BASE, ...INFRA, "mail", ...MODEL, ...ADAPTER, "client"]);
/** Every other folder of lib is a domain. */
const DOMAINS = readdirSync(new URL("../lib", import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && !LAYERED.has(d.name))
  .map((d) => d.name);

const zones = [
  { target: "./lib/core", from: "./lib", except: ["./core"], message: "lib/core imports nothing else in lib." },
  ...lib(INFRA_BASE).map((target) => ({ target, from: "./lib", except: not(["core", ...INFRA_BASE]), message: "lib/db imports lib/core only." })),
  ...INFRA.map((name) => ({ target: `./lib/${name}`, from: "./lib", except: not(["core", ...INFRA_BASE, name]), message: "Infrastructure imports lib/core and lib/db only." })),
  { target: "./lib/mail", from: "./lib", except: not(["core", ...INFRA_BASE, "queue", "http", "mail"]), message: "lib/mail imports lib/core, lib/db, lib/queue and lib/http only." },
  { target: "./lib/authz", from: "./lib", except: not(["core", "authz"]), message: "The permission table imports lib/core only." },
  { target: "./lib/schemas", from: "./lib", except: not(["core", "authz", "schemas"]), message: "lib/schemas holds definitions: it imports lib/core and lib/authz only." },
  ...lib([...DOMAINS, ...MODEL, "core", ...INFRA_BASE, ...INFRA, "mail", "client"]).map((target) => ({
    target,
    from: lib(ADAPTER),
    message: "Domains and infrastructure never import the HTTP adapter (lib/api, lib/operations).",
  })),
  { target: "./lib", from: TOP, message: "Nothing in lib imports app/, components/, worker/, scripts/ or tests." },
  { target: "./app", from: lib(INFRA_BASE), message: "Routes and pages reach data through lib functions, never lib/db." },
  {
    target: "./gateway",
    from: ["./app", "./components", "./worker", ...lib([...ADAPTER, "auth"])],
    message: "The gateway is the data plane: no Next.js routes, pages, next-auth (lib/auth) or the web's HTTP adapter in its import graph.",
  },
  {
    target: "./components",
    from: "./lib",
    except: ["./schemas", "./client", "./core", "./authz", "./workflows/graph.ts", "./auth/form-state.ts"],
    message: "Components import definitions (schemas, core, authz) and lib/client only, never server internals.",
  },
];
export const boundaryZones = zones;

/** Packages the gateway process must never load (checked on its whole graph by test/architecture). */
export const GATEWAY_FORBIDDEN_PACKAGES = ["next", "next/*", "next-auth", "next-auth/*", "@auth/*", "react", "react-dom"];
