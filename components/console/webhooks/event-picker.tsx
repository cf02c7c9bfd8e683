"use client";
import { Checkbox } from "@/components/ui/checkbox";
import type { WebhookEventType } from "@/lib/schemas/webhook-event-types";
import { EVENT_GROUPS, EVENT_INFO } from "./events";

/** Checkboxes for the subscribable events, grouped by resource. */
export function EventPicker({ value, onChange, error }: { value: WebhookEventType[]; onChange: (events: WebhookEventType[]) => void; error?: string }) {
  const toggle = (e: WebhookEventType, on: boolean) => onChange(on ? [...value, e] : value.filter((x) => x !== e));
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? "webhook-events-error" : undefined}>
      <legend className="mb-1.5 text-sm font-medium">Events</legend>
      <div className="grid gap-3 sm:grid-cols-3">
        {EVENT_GROUPS.map(({ group, events }) => (
          <div key={group} className="grid content-start gap-1.5 rounded-md border p-3">
            <p className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{group}</p>
            {events.map((e) => (
              <label key={e} className="flex cursor-pointer items-start gap-2 py-0.5">
                <Checkbox className="mt-0.5" name="events" value={e} checked={value.includes(e)} onChange={(ev) => toggle(e, ev.target.checked)} />
                <span className="grid">
                  <span className="font-mono text-xs">{e}</span>
                  <span className="text-xs text-muted-foreground">{EVENT_INFO[e]}</span>
                </span>
              </label>
            ))}
          </div>
        ))}
      </div>
      {error && (
        <p id="webhook-events-error" className="text-xs text-destructive">
          {value.length === 0 ? "Choose at least one event" : error}
        </p>
      )}
    </fieldset>
  );
}
