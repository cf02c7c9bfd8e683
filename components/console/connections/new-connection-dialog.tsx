"use client";
import { useState } from "react";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import type { ConnectionDto } from "@/lib/schemas/connections";
import { NewButton } from "../new-button";
import type { OAuthAvailability } from "./oauth";
import { OAuthConnectionForm } from "./oauth-connection-form";
import { SecretConnectionForm } from "./secret-connection-form";
import { VENDOR_GROUPS, type VendorOption } from "./vendors";

function VendorPicker({ availability, onPick }: { availability: OAuthAvailability; onPick: (v: VendorOption) => void }) {
  return (
    <div className="grid gap-5">
      {VENDOR_GROUPS.map((g) => (
        <section key={g.title} className="grid gap-2">
          <h3 className="text-xs font-medium uppercase tracking-wide text-muted-foreground">{g.title}</h3>
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
            {g.options.map((o) => {
              const unconfigured = o.type === "oauth2" && !availability[o.provider as "google" | "linkedin"].configured;
              return (
                <button
                  key={o.key}
                  type="button"
                  disabled={unconfigured}
                  onClick={() => onPick(o)}
                  className="grid gap-0.5 rounded-md border bg-card px-3 py-2 text-left text-sm hover:bg-muted disabled:cursor-not-allowed disabled:opacity-60"
                >
                  <span className="font-medium">{o.label}</span>
                  <span className="text-xs text-muted-foreground">{unconfigured ? "Not configured" : (o.hint ?? " ")}</span>
                </button>
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}

export function NewConnectionDialog({ project, availability, onCreated }: { project: string; availability: OAuthAvailability; onCreated: (c: ConnectionDto) => void }) {
  const [open, setOpen] = useState(false);
  const [vendor, setVendor] = useState<VendorOption | null>(null);
  const close = (o: boolean) => {
    setOpen(o);
    if (!o) setVendor(null);
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogTrigger asChild>
        <NewButton label="New connection" />
      </DialogTrigger>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{vendor ? `Connect ${vendor.label}` : "New connection"}</DialogTitle>
          <DialogDescription>
            {vendor ? "Secrets are encrypted at rest and never shown again after saving." : "Choose the service this project's agents should reach."}
          </DialogDescription>
        </DialogHeader>
        {!vendor ? (
          <VendorPicker availability={availability} onPick={setVendor} />
        ) : vendor.type === "oauth2" ? (
          <OAuthConnectionForm vendor={vendor} project={project} availability={availability} onBack={() => setVendor(null)} />
        ) : (
          <SecretConnectionForm
            vendor={vendor}
            project={project}
            onBack={() => setVendor(null)}
            onCreated={(c) => {
              close(false);
              onCreated(c);
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
