// Copies the named packages and everything they depend on at run time (dependencies, optional
// dependencies that are installed, and installed peers), as package-lock.json lays them out,
// from ./node_modules into <target>/node_modules. The container image (Dockerfile) ships this set
// beside the bundles instead of the whole node_modules.
// Usage: node scripts/container/copy-packages.mjs <target> <package>… [--without <package>…]
import { cpSync, readFileSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const target = args.shift();
const split = args.indexOf("--without");
const roots = split < 0 ? args : args.slice(0, split);
const without = new Set(split < 0 ? [] : args.slice(split + 1));
if (!target || roots.length === 0) {
  console.error("usage: copy-packages.mjs <target> <package>… [--without <package>…]");
  process.exit(64);
}

const lock = JSON.parse(readFileSync("package-lock.json", "utf8")).packages;

/** Node's lookup: the nearest node_modules/<name> from `from` (a lockfile key) upwards. */
function resolve(name, from) {
  for (let dir = from; ; ) {
    const key = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (lock[key]) return key;
    if (!dir) return null;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}

const seen = new Set();
const queue = roots.map((name) => {
  const key = resolve(name, "");
  if (!key) throw new Error(`${name} is not in package-lock.json`);
  return key;
});
while (queue.length > 0) {
  const key = queue.pop();
  if (seen.has(key)) continue;
  seen.add(key);
  const entry = lock[key];
  const needs = [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {})];
  const peers = Object.keys(entry.peerDependencies ?? {});
  for (const name of [...needs, ...peers]) {
    if (without.has(name)) continue;
    const dep = resolve(name, key);
    if (!dep || seen.has(dep)) continue;
    // A peer only when the app itself installs it (pg for @prisma/adapter-pg), not when only the
    // tools do (typescript, an optional peer of prisma).
    if (peers.includes(name) && !needs.includes(name) && (lock[dep].dev || lock[dep].devOptional)) continue;
    queue.push(dep);
  }
}

let copied = 0;
for (const key of [...seen].sort()) {
  // Installed for another platform (an optional native build): not on disk, not needed.
  try {
    cpSync(key, path.join(target, key), { recursive: true, dereference: false, errorOnExist: false });
    copied++;
  } catch (err) {
    if (err.code !== "ENOENT") throw err;
  }
}
console.log(`copy-packages: ${copied} packages into ${target}/node_modules`);
