"use client";
import { CircleAlert, CircleCheck, Info, X } from "lucide-react";
import { useSyncExternalStore } from "react";
import { cn } from "@/components/ui/cn";

// A tiny notifier (sonner-like): `toast.success("Saved")` from anywhere on the client,
// one <Toaster/> in the providers. Messages are announced through an aria-live region.
type Kind = "success" | "error" | "info";
type Toast = { id: number; kind: Kind; title: string; description?: string };

let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function push(kind: Kind, title: string, description?: string) {
  const id = nextId++;
  toasts = [...toasts.slice(-3), { id, kind, title, description }];
  emit();
  setTimeout(() => dismiss(id), kind === "error" ? 8000 : 4000);
}

export const toast = {
  success: (title: string, description?: string) => push("success", title, description),
  error: (title: string, description?: string) => push("error", title, description),
  info: (title: string, description?: string) => push("info", title, description),
};

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const EMPTY: Toast[] = [];

const ICONS = { success: CircleCheck, error: CircleAlert, info: Info } as const;

export function Toaster() {
  const items = useSyncExternalStore(subscribe, () => toasts, () => EMPTY);
  return (
    <div aria-live="polite" aria-atomic="false" className="pointer-events-none fixed bottom-4 right-4 z-[100] flex w-[22rem] max-w-[calc(100vw-2rem)] flex-col gap-2">
      {items.map((t) => {
        const Icon = ICONS[t.kind];
        return (
          <div
            key={t.id}
            role={t.kind === "error" ? "alert" : "status"}
            className="pointer-events-auto flex items-start gap-3 rounded-lg border bg-card p-3 text-sm shadow-lg"
          >
            <Icon
              aria-hidden
              className={cn("mt-0.5 size-4 shrink-0", t.kind === "success" && "text-success", t.kind === "error" && "text-destructive", t.kind === "info" && "text-primary")}
            />
            <div className="min-w-0 flex-1">
              <p className="font-medium">{t.title}</p>
              {t.description && <p className="mt-0.5 break-words text-muted-foreground">{t.description}</p>}
            </div>
            <button type="button" onClick={() => dismiss(t.id)} className="cursor-pointer text-muted-foreground hover:text-foreground" aria-label="Dismiss">
              <X className="size-4" aria-hidden />
            </button>
          </div>
        );
      })}
    </div>
  );
}
