import { redirectToProjectPage } from "../../../_lib/project-redirect";

type Props = { params: Promise<{ workspace: string }>; searchParams: Promise<{ view?: string | string[] }> };

// Runs and approvals belong to projects: the sidebar entries land on the default project's
// (or the first visible one's) Command Center, or its approvals inbox with ?view=approvals.
export default async function CommandCenterIndex({ params, searchParams }: Props) {
  const [{ workspace: slug }, { view }] = await Promise.all([params, searchParams]);
  return redirectToProjectPage(slug, view === "approvals" ? "approvals" : "runs");
}
