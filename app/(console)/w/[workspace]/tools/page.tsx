import type { WorkspacePageProps } from "../../../_lib/load-workspace";
import { redirectToProjectPage } from "../../../_lib/project-redirect";

// Tools belong to projects: the sidebar entry lands on the default project's (or the first
// visible one's) tools, where the project switcher moves between them.
export default async function ToolsIndex({ params }: WorkspacePageProps) {
  return redirectToProjectPage((await params).workspace, "tools");
}
