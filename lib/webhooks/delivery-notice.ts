// A new delivery is announced on this channel in the transaction that creates it: PostgreSQL
// delivers the notification at commit, so a worker woken by it always finds the row (and a
// rollback announces nothing). Workers LISTEN (delivery-listener.ts) and sweep at once; the
// periodic sweep stays the safety net for a notification missed while a listener was down.
// The announcement is sent by the SQL function webhook_events_publish (prisma/migrations/*_checkpoint_sets).
export const WEBHOOK_DELIVERIES_CHANNEL = "agentruntime_webhook_deliveries";
