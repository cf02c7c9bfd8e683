"use client";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { OptionSelect } from "@/components/ui/select";
import { DEFAULT_GRANT, type ApprovalDto } from "@/lib/schemas/approvals";

// An agent's call through the tool proxy, as an approval shows it (who calls what, for whom, with
// which body), and the grant an approver hands out: how many times, for how long.

type GatewayCall = NonNullable<ApprovalDto["gatewayCall"]>;
export type GrantChoice = { uses: string; expiresInSeconds: string };

export const DEFAULT_GRANT_CHOICE: GrantChoice = { uses: String(DEFAULT_GRANT.uses), expiresInSeconds: String(DEFAULT_GRANT.expiresInSeconds) };

const WINDOWS = [
  { value: "900", label: "15 minutes" },
  { value: "3600", label: "1 hour" },
  { value: "86400", label: "1 day" },
  { value: "604800", label: "7 days" },
  { value: "2592000", label: "30 days" },
];

/** The grant body of POST …/approve; text that is not a number is sent as is, so the API names the field. */
export function grantBody(g: GrantChoice) {
  const uses = Number(g.uses);
  return { uses: g.uses.trim() && Number.isFinite(uses) ? uses : g.uses, expiresInSeconds: Number(g.expiresInSeconds) };
}

export function GatewayCallView({ call, grant }: { call: GatewayCall; grant: ApprovalDto["grant"] }) {
  const agent = call.agent ? `${call.agent.name} (${call.agent.slug})` : call.agentId;
  return (
    <div className="grid gap-1 text-xs" data-testid="approval-gateway-call">
      <p className="font-mono text-sm break-all" data-testid="approval-gateway-request">
        <span className="font-semibold">{call.method}</span> {call.path}
      </p>
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-muted-foreground">
        <span>
          Agent <span className="text-foreground">{agent}</span>
        </span>
        <span>
          Tool <span className="font-mono text-foreground">{call.tool}</span>
        </span>
        <span>
          End user <span className="font-mono text-foreground">{call.endUserId ?? "none"}</span>
        </span>
        <span title={call.bodyHash}>
          Body hash <span className="font-mono text-foreground">{call.bodyHash.slice(0, 12)}</span>
        </span>
      </p>
      <p className="text-muted-foreground">Approving grants exactly this call (same agent, end user, method, path and body), and no other.</p>
      {grant && (
        <p className="text-muted-foreground" data-testid="approval-grant">
          Grant: {grant.used} of {grant.uses} use{grant.uses === 1 ? "" : "s"} made{grant.expiresAt ? `, until ${new Date(grant.expiresAt).toLocaleString()}` : ""}
        </p>
      )}
    </div>
  );
}

export function GrantFields({ value, onChange, idPrefix }: { value: GrantChoice; onChange: (g: GrantChoice) => void; idPrefix: string }) {
  return (
    <div className="grid grid-cols-[8rem_12rem] gap-3" role="group" aria-label="Grant">
      <div className="grid gap-1">
        <Label htmlFor={`${idPrefix}-uses`} className="text-xs text-muted-foreground">
          Uses
        </Label>
        <Input id={`${idPrefix}-uses`} value={value.uses} onChange={(e) => onChange({ ...value, uses: e.target.value })} inputMode="numeric" className="h-8" />
      </div>
      <div className="grid gap-1">
        <Label htmlFor={`${idPrefix}-window`} className="text-xs text-muted-foreground">
          Within
        </Label>
        <OptionSelect id={`${idPrefix}-window`} value={value.expiresInSeconds} options={WINDOWS} onValueChange={(expiresInSeconds) => onChange({ ...value, expiresInSeconds })} className="h-8" />
      </div>
    </div>
  );
}
