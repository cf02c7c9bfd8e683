import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LAST_WORKSPACE_COOKIE } from "@/components/console/last-workspace";
import { requireUser } from "@/lib/auth/current-user";
import { listWorkspacesForUser } from "@/lib/workspaces/list-for-user";

// `/settings?tab=tokens` (linked from docs and emails) opens the current workspace's
// settings with the same query.
export default async function SettingsRedirect({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) {
    for (const value of Array.isArray(v) ? v : v === undefined ? [] : [v]) query.append(k, value);
  }
  const qs = query.toString() ? `?${query}` : "";
  const user = await requireUser(`/settings${qs}`);
  const { data: workspaces } = await listWorkspacesForUser(user.id, { limit: 200 });
  if (workspaces.length === 0) redirect("/onboarding");
  const last = (await cookies()).get(LAST_WORKSPACE_COOKIE)?.value;
  const target = workspaces.find((w) => w.slug === last) ?? workspaces[workspaces.length - 1];
  redirect(`/w/${target.slug}/settings${qs}`);
}
