import { describe, expect, it } from "vitest";
import { auditSentence } from "@/components/console/audit-labels";

describe("auditSentence", () => {
  it.each([
    ["workflow.updated", { type: "workflow", id: "wf_1", name: "Refund triage" }, "updated workflow Refund triage"],
    ["token.create", { type: "api_token", id: "tok_1", name: "CI" }, "created API token CI"],
    ["llm_provider.delete", { type: "llm_provider", id: "llm_1", name: null }, "deleted provider llm_1"],
    ["member.remove", { type: "user", id: "usr_1", name: "bob@example.com" }, "removed bob@example.com"],
    ["auth.sign_in", { type: "user", id: "usr_1", name: "Nora" }, "signed in"],
    ["authz.denied", null, "was denied an action"],
  ] as const)("%s reads as a sentence", (action, target, expected) => {
    const s = auditSentence({ action, target: target ? { ...target } : null });
    expect([s.verb, s.noun, s.name].filter(Boolean).join(" ")).toBe(expected);
  });
});
