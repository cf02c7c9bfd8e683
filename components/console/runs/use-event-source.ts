"use client";
import { useEffect, useRef, useState } from "react";

export type LiveState = "connecting" | "live" | "closed";

/**
 * Subscribes to a same-origin Server-Sent Events stream (the session cookie rides along) and
 * hands every JSON message to `onMessage`. The browser reconnects on its own and resends the
 * last event id; `onReconnect` runs when a stream comes back after a drop, so callers can
 * refetch what they may have missed. Returning `"close"` from `onMessage` ends the stream for
 * good (a finished run's stream would otherwise be reopened forever).
 */
export function useEventSource<T>(
  url: string | null,
  onMessage: (data: T, event: MessageEvent<string>) => void | "close",
  opts: { onReconnect?: () => void; eventTypes?: readonly string[] } = {},
): LiveState {
  const [state, setState] = useState<LiveState>("connecting");
  const handlers = useRef({ onMessage, onReconnect: opts.onReconnect });
  useEffect(() => {
    handlers.current = { onMessage, onReconnect: opts.onReconnect };
  });
  const types = (opts.eventTypes ?? []).join(",");

  useEffect(() => {
    if (!url) return;
    const source = new EventSource(url);
    let dropped = false;
    const handle = (e: MessageEvent<string>) => {
      let data: T;
      try {
        data = JSON.parse(e.data) as T;
      } catch {
        return;
      }
      if (handlers.current.onMessage(data, e) === "close") {
        source.close();
        setState("closed");
      }
    };
    source.onopen = () => {
      setState("live");
      if (dropped) handlers.current.onReconnect?.();
      dropped = false;
    };
    source.onerror = () => {
      dropped = true;
      setState(source.readyState === EventSource.CLOSED ? "closed" : "connecting");
    };
    source.addEventListener("message", handle);
    // Streams that name their events (`event: step.succeeded`) skip onmessage.
    const named = types ? types.split(",") : [];
    for (const t of named) source.addEventListener(t, handle as EventListener);
    return () => source.close();
  }, [url, types]);

  return url ? state : "closed";
}

/**
 * The URL of a project SSE endpoint. EventSource cannot send headers, so the workspace and
 * project travel as `tenant` and `project` query parameters (accepted for session GETs).
 */
export function sseUrl(path: string, scope: { tenant: string; project: string }, query: Record<string, string | number | undefined> = {}): string {
  const qs = new URLSearchParams({ tenant: scope.tenant, project: scope.project });
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") qs.set(k, String(v));
  return `${path}?${qs}`;
}
