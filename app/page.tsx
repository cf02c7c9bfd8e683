import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LAST_WORKSPACE_COOKIE } from "@/components/console/last-workspace";
import { getCurrentUser } from "@/lib/auth/current-user";
import { listWorkspacesForUser } from "@/lib/workspaces/list-for-user";

// `/` only routes: sign-in, first-run onboarding, or the workspace the user was last in.
export default async function Home() {
  const user = await getCurrentUser();
  if (!user) redirect("/auth/sign-in");
  const { data: workspaces } = await listWorkspacesForUser(user.id, { limit: 200 });
  if (workspaces.length === 0) redirect("/onboarding");
  const last = (await cookies()).get(LAST_WORKSPACE_COOKIE)?.value;
  const target = workspaces.find((w) => w.slug === last) ?? workspaces[workspaces.length - 1];
  redirect(`/w/${target.slug}`);
}
