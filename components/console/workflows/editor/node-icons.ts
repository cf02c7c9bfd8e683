import { Braces, Flag, GitBranch, Globe, ShieldCheck, Sparkles, Wrench, Zap, type LucideIcon } from "lucide-react";
import type { NodeType } from "@/lib/schemas/workflow-graph";

export const NODE_ICONS: Record<NodeType, LucideIcon> = {
  trigger: Zap,
  llm: Sparkles,
  http: Globe,
  tool: Wrench,
  transform: Braces,
  condition: GitBranch,
  approval: ShieldCheck,
  output: Flag,
};

export const NODE_HINTS: Record<NodeType, string> = {
  trigger: "Where a run starts: the input and its JSON Schema",
  llm: "Calls a chat model with a prompt template",
  http: "Calls an API through a project connection",
  tool: "Calls a tool of a project MCP instance",
  transform: "Reshapes data with a JSONata expression",
  condition: "Picks the outgoing branch from an expression",
  approval: "Pauses the run until someone approves",
  output: "The run's result",
};
