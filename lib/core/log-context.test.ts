import { afterEach, describe, expect, it } from "vitest";
import { addLogContext, currentLogContext, withLogContext } from "./log-context";
import { logger, setLogSink } from "./logger";

// Log lines inside a request or a job carry its ids without passing them around.

const lines: Record<string, unknown>[] = [];
setLogSink((line) => lines.push(JSON.parse(line)));
afterEach(() => {
  lines.length = 0;
});

describe("log context", () => {
  it("adds the context to every line written inside it, across awaits", async () => {
    await withLogContext({ requestId: "req_1", workspaceId: "ws_1" }, async () => {
      logger.info("a");
      await new Promise((r) => setTimeout(r, 1));
      logger.error("b", { err: new Error("boom") });
    });
    expect(lines.map((l) => [l.msg, l.requestId, l.workspaceId])).toEqual([
      ["a", "req_1", "ws_1"],
      ["b", "req_1", "ws_1"],
    ]);
  });

  it("keeps concurrent contexts apart", async () => {
    const one = (id: string) =>
      withLogContext({ runId: id }, async () => {
        await new Promise((r) => setTimeout(r, Math.random() * 5));
        logger.info("step", { n: id });
      });
    await Promise.all(["run_a", "run_b", "run_c"].map(one));
    for (const l of lines) expect(l.runId).toBe(l.n);
  });

  it("addLogContext fills the current context (a workspace learned after authentication), not the caller's", async () => {
    await withLogContext({ requestId: "req_2" }, async () => {
      await withLogContext({}, async () => {
        addLogContext({ workspaceId: "ws_2", projectId: undefined });
        logger.info("inner");
      });
      logger.info("outer");
    });
    expect(lines[0]).toMatchObject({ requestId: "req_2", workspaceId: "ws_2" });
    expect(lines[0]).not.toHaveProperty("projectId");
    expect(lines[1]).toMatchObject({ requestId: "req_2" });
    expect(lines[1]).not.toHaveProperty("workspaceId");
  });

  it("outside any context: nothing added, addLogContext is a no-op", () => {
    addLogContext({ runId: "run_x" });
    expect(currentLogContext()).toBeUndefined();
    logger.info("plain");
    expect(Object.keys(lines[0]).sort()).toEqual(["level", "msg", "time"]);
  });

  it("explicit fields win over the context; secrets stay redacted", () => {
    withLogContext({ runId: "run_ctx" }, () => logger.warn("override", { runId: "run_explicit", token: "ar_pat_secret" }));
    expect(lines[0]).toMatchObject({ runId: "run_explicit", token: "[redacted]" });
  });
});
