"use client";
import { useMutation } from "@tanstack/react-query";
import { toast } from "@/components/ui/toaster";
import { errorMessage } from "@/lib/client/api";
import type { RedeliverDto, WebhookDto } from "@/lib/schemas/webhooks";
import { useProjectApi } from "../connections/use-project-api";

const path = (w: { id: string }, rest = "") => `/v1/webhooks/${encodeURIComponent(w.id)}${rest}`;

/** The mutations both the list and the endpoint page offer; `onChange` refreshes their queries. */
export function useEndpointActions(project: string, onChange: () => void) {
  const call = useProjectApi(project);
  const toggle = useMutation({
    mutationFn: ({ endpoint, enabled }: { endpoint: WebhookDto; enabled: boolean }) => call<WebhookDto>(path(endpoint), { method: "PATCH", body: { enabled } }),
    onSuccess: (w) => (toast.success(w.enabled ? "Endpoint enabled" : "Endpoint disabled", w.url), onChange()),
    onError: (err) => toast.error("Could not change the endpoint", errorMessage(err)),
  });
  const sendTest = useMutation({
    mutationFn: (endpoint: WebhookDto) => call<RedeliverDto>(path(endpoint, "/test"), { method: "POST" }),
    onSuccess: (r) => {
      if (r.attempt.statusCode !== null && r.attempt.statusCode < 300) toast.success("Test event delivered", `HTTP ${r.attempt.statusCode} in ${r.attempt.latencyMs} ms`);
      else toast.error("Test event failed", r.attempt.error ?? "The endpoint did not accept it");
      onChange();
    },
    onError: (err) => toast.error("Could not send a test event", errorMessage(err)),
  });
  const remove = useMutation({
    mutationFn: (endpoint: WebhookDto) => call(path(endpoint), { method: "DELETE" }),
    onSuccess: (_, w) => (toast.success("Endpoint deleted", w.url), onChange()),
    onError: (err) => toast.error("Could not delete the endpoint", errorMessage(err)),
  });
  return { toggle, sendTest, remove };
}
