"use client";
import { Pencil, RotateCw, Send } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";

/** The event types an endpoint subscribes to. */
export function EventBadges({ events }: { events: string[] }) {
  return (
    <div className="flex flex-wrap gap-1">
      {events.map((e) => (
        <Badge key={e} variant="outline" className="font-mono">
          {e}
        </Badge>
      ))}
    </div>
  );
}

/** Send test event, Edit and Rotate secret: the endpoint actions of both the list and the detail page. */
export function EndpointButtons({ sending, onSendTest, onEdit, onRotate }: { sending: boolean; onSendTest: () => void; onEdit: () => void; onRotate: () => void }) {
  return (
    <>
      <Button size="sm" variant="outline" disabled={sending} onClick={onSendTest}>
        <Send className="size-3.5" aria-hidden /> {sending ? "Sending…" : "Send test event"}
      </Button>
      <Button size="sm" variant="outline" onClick={onEdit}>
        <Pencil className="size-3.5" aria-hidden /> Edit
      </Button>
      <Button size="sm" variant="outline" onClick={onRotate}>
        <RotateCw className="size-3.5" aria-hidden /> Rotate secret
      </Button>
    </>
  );
}
