"use client";
import { CopyButton } from "@/components/ui/copy-button";
import type { AgentRuntimeDto } from "@/lib/schemas/agents";
import { SectionHeader } from "../page-header";

// A value with a newline (a multi-line system prompt) is quoted the way dotenv files and shells
// read it back; anything else is written as is.
function envLine(key: string, value: string): string {
  return /[\n"'\\$`\s#]/.test(value) ? `${key}=${JSON.stringify(value)}` : `${key}=${value}`;
}

/** The runtime bundle as KEY=value lines: a copy button per line and one for all of them. */
export function RuntimeBundle({ runtime }: { runtime: AgentRuntimeDto }) {
  const lines = Object.entries(runtime.env).map(([k, v]) => ({ key: k, line: envLine(k, v) }));
  const all = lines.map((l) => l.line).join("\n");
  return (
    <section aria-labelledby="agent-runtime-heading">
      <SectionHeader
        title={<span id="agent-runtime-heading">Runtime bundle</span>}
        description="The environment your agent process runs with (GET /v1/agents/{id}/runtime, or `npx agentruntime agents run`). No credential is in it: the agent token goes beside it."
        actions={<CopyButton value={all} label="Copy all" showLabel />}
      />
      <ul className="divide-y rounded-md border bg-muted/40" aria-label="Environment variables">
        {lines.map((l) => (
          <li key={l.key} className="flex items-start gap-2 px-3 py-1.5" data-testid={`env-${l.key}`}>
            <code className="min-w-0 flex-1 py-1 font-mono text-xs break-all whitespace-pre-wrap">{l.line}</code>
            <CopyButton value={l.line} label={`Copy ${l.key}`} />
          </li>
        ))}
      </ul>
    </section>
  );
}
