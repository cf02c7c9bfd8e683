"use client";
import { CodeBlock } from "@/components/ui/code-block";
import type { AgentDto, CreatedAgentTokenDto } from "@/lib/schemas/agents";
import { SecretValue, ShowOnce, ShowOnceSection, ShowOnceWarning } from "../show-once";

/** The one time an agent token's value is visible: copy it, and how the agent uses it. */
export function AgentTokenReveal({ agent, token }: { agent: Pick<AgentDto, "slug">; token: CreatedAgentTokenDto }) {
  const usage = [`# The agent calls the LLM gateway and its tools with this token:`, `curl -s "$LLM_GATEWAY_URL/models" -H "Authorization: Bearer ${token.token}"`].join("\n");
  return (
    <ShowOnce>
      <ShowOnceWarning>Copy this agent token now. It will not be shown again; only its prefix ({token.prefix}…) is kept.</ShowOnceWarning>
      <SecretValue id="agent-token-value" testId="agent-token" label={`Agent token · ${agent.slug}`} value={token.token} copyLabel="Copy token" />
      <ShowOnceSection title="Use it">
        <CodeBlock code={usage} label="Copy command" />
      </ShowOnceSection>
    </ShowOnce>
  );
}
