import { Activity, Bot, BotMessageSquare, BookOpen, CreditCard, FolderKanban, Globe, PlugZap, Inbox, KeyRound, LayoutDashboard, ScrollText, Server, Settings, Users, Webhook, Workflow, Wrench, type LucideIcon } from "lucide-react";
import type { Action } from "@/lib/authz/permissions";

export type NavItem = {
  label: string;
  /** Relative to /w/[workspace]; may carry a query (tokens live in a settings tab). */
  href: string;
  icon: LucideIcon;
  /** Shown only to viewers whose role allows this action. */
  requires?: Action;
  /** Active when the path matches exactly (overview) rather than by prefix. */
  exact?: boolean;
  /** Its pages belong to a project (the entry opens the default project's). */
  project?: true;
};

// Only what works today; an entry is added here when its feature lands.
export const NAV_ITEMS: NavItem[] = [
  { label: "Overview", href: "", icon: LayoutDashboard, exact: true },
  { label: "Projects", href: "/projects", icon: FolderKanban },
  { label: "Workflows", href: "/workflows", icon: Workflow, project: true },
  { label: "Connections", href: "/connections", icon: PlugZap, project: true },
  { label: "MCP instances", href: "/mcp-instances", icon: Server, project: true },
  { label: "Agents", href: "/agents", icon: BotMessageSquare, project: true },
  { label: "Tools", href: "/tools", icon: Wrench, project: true },
  { label: "Webhooks", href: "/webhooks", icon: Webhook, project: true },
  { label: "Command Center", href: "/command-center", icon: Activity, project: true },
  { label: "Approvals", href: "/command-center?view=approvals", icon: Inbox, project: true },
  { label: "Members", href: "/members", icon: Users, requires: "member.read" },
  { label: "Tokens", href: "/settings?tab=tokens", icon: KeyRound, requires: "token.manage" },
  { label: "Audit log", href: "/audit", icon: ScrollText, requires: "audit.read" },
  { label: "Domains", href: "/domains", icon: Globe, requires: "domain.read" },
  { label: "LLM providers", href: "/providers", icon: Bot, requires: "provider.read" },
  { label: "Billing", href: "/billing", icon: CreditCard, requires: "billing.read" },
  { label: "Settings", href: "/settings", icon: Settings },
  { label: "API reference", href: "/api", icon: BookOpen },
];
