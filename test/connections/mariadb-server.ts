// A throwaway MariaDB (Debian's mariadb-server, installed by .ci/run) in a temporary data
// directory on a free loopback port, with one application user (SELECT only unless `privileges`
// says otherwise) and a root connection on the app database for setting up tables; killed in
// afterAll by pid.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { freePort } from "./redis-server";

export async function startMariaDb(
  app: { user: string; password: string; database: string },
  privileges: "SELECT" | "ALL PRIVILEGES" = "SELECT",
): Promise<{ port: number; admin: mysql.Connection; stop: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), "ar-mariadb-"));
  const datadir = path.join(dir, "data");
  const socket = path.join(dir, "mysqld.sock");
  const user = userInfo().username;
  const init = spawnSync("mariadb-install-db", ["--no-defaults", `--datadir=${datadir}`, `--user=${user}`, "--auth-root-authentication-method=socket", "--skip-test-db"], {
    encoding: "utf8",
  });
  if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
  const port = await freePort();
  const child = spawn(
    "mariadbd",
    ["--no-defaults", `--datadir=${datadir}`, `--socket=${socket}`, `--port=${port}`, "--bind-address=127.0.0.1", `--user=${user}`, "--skip-log-bin", "--innodb-buffer-pool-size=16M"],
    { stdio: "ignore" },
  );
  const deadline = Date.now() + 30_000;
  let admin: mysql.Connection | null = null;
  while (!admin) {
    try {
      admin = await mysql.createConnection({ socketPath: socket, user });
    } catch (err) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`mariadbd did not start: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await admin.query(`CREATE DATABASE \`${app.database}\``);
  await admin.query(`CREATE USER ?@'%' IDENTIFIED BY ?`, [app.user, app.password]);
  await admin.query(`GRANT ${privileges} ON \`${app.database}\`.* TO ?@'%'`, [app.user]);
  await admin.query(`USE \`${app.database}\``);
  const root = admin;
  return {
    port,
    admin: root,
    stop: async () => {
      await root.end().catch(() => {});
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
