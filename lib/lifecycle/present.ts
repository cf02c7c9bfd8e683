export type DeletionRow = {
  id: string;
  status: string;
  requestedAt: Date;
  scheduledFor: Date;
  canceledAt: Date | null;
  completedAt: Date | null;
};

export type DeletionDto = {
  id: string;
  status: "scheduled" | "purging" | "completed" | "canceled";
  requestedAt: string;
  scheduledFor: string;
  secondsLeft: number;
  canceledAt: string | null;
  completedAt: string | null;
};

export function presentDeletion(d: DeletionRow, now = Date.now()): DeletionDto {
  return {
    id: d.id,
    status: d.status as DeletionDto["status"],
    requestedAt: d.requestedAt.toISOString(),
    scheduledFor: d.scheduledFor.toISOString(),
    secondsLeft: d.status === "scheduled" ? Math.max(0, Math.ceil((d.scheduledFor.getTime() - now) / 1000)) : 0,
    canceledAt: d.canceledAt?.toISOString() ?? null,
    completedAt: d.completedAt?.toISOString() ?? null,
  };
}
