import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div role="status" aria-label="Loading" className="grid gap-4">
      <div className="grid gap-2">
        <Skeleton className="h-4 w-64" />
        <Skeleton className="h-6 w-48" />
      </div>
      <Skeleton className="h-8 w-80" />
      <Skeleton className="h-[480px] w-full" />
    </div>
  );
}
