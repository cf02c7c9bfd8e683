import { SearchX } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

// Inside a workspace the shell stays: a missing project (or one of another tenant, which
// looks the same) is a 404 within the console, not a blank page.
export default function WorkspaceNotFound() {
  return (
    <EmptyState
      icon={SearchX}
      title="Not found"
      description="This page does not exist in this workspace, or you do not have access to it."
      className="mt-8"
    />
  );
}
