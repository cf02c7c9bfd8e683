import type { z } from "zod";
import type { ProjectContext } from "@/lib/api/with-auth";
import type { Action } from "@/lib/authz/permissions";
import type { JsonSchema } from "./arguments";

/** A Platform MCP tool, as lib/mcp lists and calls it. */
export type McpTool = {
  name: string;
  title: string;
  description: string;
  /** The permission-table action: the tool exists for a caller only if `canIn` allows it. */
  action: Action;
  annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  /** The result's schema: what `structuredContent` is parsed with (unknown keys dropped). */
  output: z.ZodType;
  /** Checks, then the question a person confirms before `run` (see OperationMcp.confirm). */
  confirm?: (ctx: ProjectContext, args: Record<string, unknown>) => Promise<string>;
  run: (ctx: ProjectContext, args: Record<string, unknown>) => Promise<unknown>;
};
