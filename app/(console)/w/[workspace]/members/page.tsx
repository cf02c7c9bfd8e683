import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { InvitationsTable } from "@/components/console/members/invitations-table";
import { MembersTable } from "@/components/console/members/members-table";
import { listInvitations } from "@/lib/invitations/list-invitations";
import { listMembers } from "@/lib/members/list-members";
import { loadWorkspace, type WorkspacePageProps } from "../../../_lib/load-workspace";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: WorkspacePageProps) {
  const { workspace: slug } = await params;
  const { workspace, can } = await loadWorkspace(slug);
  if (!can("member.read")) notFound();
  const [members, invitations] = await Promise.all([listMembers(workspace.id, { limit: 200 }), listInvitations(workspace.id, { limit: 200, status: "pending" })]);
  return (
    <>
      <MembersTable initial={members} />
      <InvitationsTable initial={invitations} />
    </>
  );
}
