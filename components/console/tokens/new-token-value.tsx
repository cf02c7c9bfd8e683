"use client";
import { CodeBlock } from "@/components/ui/code-block";
import { useConsole } from "../console-context";
import { SecretValue, ShowOnce, ShowOnceSection, ShowOnceWarning } from "../show-once";
import type { CreatedToken } from "./types";

/** The one time a token's value is visible: copy it, and a curl line to try it. */
export function NewTokenValue({ created }: { created: CreatedToken }) {
  const { workspace } = useConsole();
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const curl = [
    `curl -s ${origin}/v1/projects \\`,
    `  -H "Authorization: Bearer ${created.token}" \\`,
    `  -H "X-Tenant-Id: ${workspace.slug}"`,
  ].join("\n");
  return (
    <ShowOnce>
      <ShowOnceWarning>Copy this token now. For your security it will not be shown again; only its prefix is kept.</ShowOnceWarning>
      <SecretValue id="new-token-value" label={`Token · ${created.name}`} value={created.token} copyLabel="Copy token" />
      <ShowOnceSection title="Try it">
        <CodeBlock code={curl} label="Copy curl command" />
      </ShowOnceSection>
    </ShowOnce>
  );
}
