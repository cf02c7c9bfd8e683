"use client";

import Link from "next/link";
import { useState } from "react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { mcpClientConfigs } from "./mcp-client-configs";

/** Settings → MCP: the Platform MCP endpoint and a configuration per client, for one project. */
export function McpConnectPanel({ origin, workspaceSlug, projects }: { origin: string; workspaceSlug: string; projects: string[] }) {
  const [project, setProject] = useState(projects[0] ?? "default");
  const [client, setClient] = useState("cursor");
  const url = `${origin}/mcp`;
  const configs = mcpClientConfigs({ url, tenant: workspaceSlug, project: project.trim() || "default" });
  const shown = configs.find((c) => c.id === client) ?? configs[0];

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader className="pb-4">
          <CardTitle role="heading" aria-level={2} className="text-base">
            Connect an MCP client
          </CardTitle>
          <CardDescription>
            Cursor, Claude and VS Code can list workflows, start and inspect runs and decide approvals through the Platform MCP server, with the same
            rights as the token they use: its scopes intersected with your role in the project.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Field id="mcp-endpoint" label="Endpoint" hint="Streamable HTTP; clients of the 2026-07-28 and 2025 protocol revisions are served.">
            <Input readOnly value={url} />
          </Field>
          <ol className="grid list-decimal gap-1 pl-5 text-sm text-muted-foreground">
            <li>
              <Link className="font-medium text-foreground underline underline-offset-4" href={`/w/${workspaceSlug}/settings?tab=tokens`}>
                Create a token
              </Link>{" "}
              with <code>workflow:read</code> (add <code>workflow:run</code> to start runs and decide approvals, <code>workflow:write</code> to publish). It is shown once.
            </li>
            <li>Pick the project the client acts in, then copy your client&apos;s configuration.</li>
            <li>Call <code>context_get</code> first: it says who the client acts as, where, and what it may do.</li>
          </ol>
          <Field id="mcp-project" label="Project" hint={projects.length ? `Yours: ${projects.join(", ")}` : "The project's slug (X-Project-Id)."}>
            <Input value={project} onChange={(e) => setProject(e.target.value)} list="mcp-projects" autoComplete="off" />
          </Field>
          <datalist id="mcp-projects">
            {projects.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="pb-3">
          <nav aria-label="MCP clients" className="flex flex-wrap gap-2">
            {configs.map((c) => (
              <button
                key={c.id}
                type="button"
                aria-pressed={c.id === shown.id}
                onClick={() => setClient(c.id)}
                className={cn("rounded-md border px-3 py-1 text-sm", c.id === shown.id ? "border-foreground bg-foreground text-background" : "text-muted-foreground hover:text-foreground")}
              >
                {c.label}
              </button>
            ))}
          </nav>
        </CardHeader>
        <CardContent className="grid gap-2">
          <p className="text-sm text-muted-foreground">{shown.where}</p>
          <CodeBlock code={shown.code} label={`Copy the ${shown.label} configuration`} />
        </CardContent>
      </Card>
    </div>
  );
}
