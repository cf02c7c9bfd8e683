import type { ToolDto, ToolMethod } from "@/lib/schemas/tools";

// The tool form as the console edits it (text as typed) and the API body it becomes.

export type CredentialKind = "none" | "api_key" | "oauth2" | "sigv4";
export type Placement = "bearer" | "header" | "query";
export type CapabilityRow = { method: ToolMethod; path: string };

export type ToolFormState = {
  name: string;
  description: string;
  baseUrl: string;
  capabilities: CapabilityRow[];
  kind: CredentialKind;
  connectionId: string;
  placement: Placement;
  credentialName: string;
  service: string;
  region: string;
  callsPerMinute: string;
  recordBodies: boolean;
};

export function initialState(tool?: ToolDto): ToolFormState {
  const c = tool?.credential;
  return {
    name: tool?.name ?? "",
    description: tool?.description ?? "",
    baseUrl: tool?.baseUrl ?? "",
    capabilities: tool?.capabilities.map((x) => ({ ...x })) ?? [],
    kind: c?.kind ?? "none",
    connectionId: c?.connectionId ?? "",
    placement: (c?.placement as Placement | null) ?? "bearer",
    credentialName: c?.name ?? "",
    service: c?.service ?? "",
    region: c?.region ?? "",
    callsPerMinute: tool?.callsPerMinute?.toString() ?? "",
    recordBodies: tool?.recordBodies ?? false,
  };
}

// Text that is not a number is sent as is: the API's schema names the field.
const num = (text: string) => (text.trim() === "" ? null : Number.isFinite(Number(text)) ? Number(text) : text);

export function credentialBody(s: ToolFormState) {
  switch (s.kind) {
    case "none":
      return { kind: "none" as const };
    case "api_key":
      return { kind: "api_key" as const, connectionId: s.connectionId, placement: s.placement, ...(s.placement !== "bearer" ? { name: s.credentialName.trim() } : {}) };
    case "oauth2":
      return { kind: "oauth2" as const, connectionId: s.connectionId };
    case "sigv4":
      return { kind: "sigv4" as const, connectionId: s.connectionId, service: s.service.trim(), region: s.region.trim() };
  }
}

/** The body of POST /v1/tools or PATCH /v1/tools/{id}. */
export function toBody(s: ToolFormState) {
  return {
    name: s.name.trim(),
    description: s.description.trim() || null,
    baseUrl: s.baseUrl.trim(),
    capabilities: s.capabilities.filter((c) => c.path.trim()).map((c) => ({ method: c.method, path: c.path.trim() })),
    credential: credentialBody(s),
    callsPerMinute: num(s.callsPerMinute),
    recordBodies: s.recordBodies,
  };
}
