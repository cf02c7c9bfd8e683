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

/** Each kind's icon tile, so a graph reads at a glance (the icon is decorative: the name says the kind). */
export const NODE_TINTS: Record<NodeType, string> = {
  trigger: "bg-amber-500/15 text-amber-600 dark:text-amber-400",
  llm: "bg-violet-500/15 text-violet-600 dark:text-violet-400",
  http: "bg-sky-500/15 text-sky-600 dark:text-sky-400",
  tool: "bg-teal-500/15 text-teal-600 dark:text-teal-400",
  transform: "bg-indigo-500/15 text-indigo-600 dark:text-indigo-400",
  condition: "bg-orange-500/15 text-orange-600 dark:text-orange-400",
  approval: "bg-rose-500/15 text-rose-600 dark:text-rose-400",
  output: "bg-emerald-500/15 text-emerald-600 dark:text-emerald-400",
};

/** The same tints as solid colours, for the minimap. */
export const NODE_MINIMAP_COLORS: Record<NodeType, string> = {
  trigger: "#f59e0b",
  llm: "#8b5cf6",
  http: "#0ea5e9",
  tool: "#14b8a6",
  transform: "#6366f1",
  condition: "#f97316",
  approval: "#f43f5e",
  output: "#10b981",
};
