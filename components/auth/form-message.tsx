import { CircleAlert, CircleCheck } from "lucide-react";
import { Alert } from "@/components/ui/alert";

/** The one message a form shows above its fields (announced to screen readers by role=alert). */
export function FormMessage({ error, notice }: { error?: string | null; notice?: string | null }) {
  if (error) {
    return (
      <Alert variant="destructive" className="flex items-start gap-2">
        <CircleAlert className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>{error}</span>
      </Alert>
    );
  }
  if (notice) {
    return (
      <Alert variant="success" className="flex items-start gap-2">
        <CircleCheck className="mt-0.5 size-4 shrink-0" aria-hidden />
        <span>{notice}</span>
      </Alert>
    );
  }
  return null;
}
