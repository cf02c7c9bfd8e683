"use client";
import { Menu } from "lucide-react";
import { Suspense, useEffect, useState } from "react";
import { Dialog, DialogContent, DialogTitle } from "@/components/ui/dialog";
import { ConsoleProvider, useConsole } from "./console-context";
import { LAST_WORKSPACE_COOKIE } from "./last-workspace";
import { SidebarNav } from "./sidebar-nav";
import { UserMenu } from "./user-menu";
import { Logo } from "./logo";
import { ScopeSwitcher } from "./scope-switcher";


function SidebarBody({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <div className="flex h-full flex-col gap-4 p-3">
      <Logo className="px-2 pt-1" />
      {/* On a short screen the links scroll; the account menu stays in view at the bottom. */}
      <div className="-mx-1 min-h-0 flex-1 overflow-y-auto px-1">
        <Suspense>
          <SidebarNav onNavigate={onNavigate} />
        </Suspense>
      </div>
      <div className="shrink-0">
        <UserMenu />
      </div>
    </div>
  );
}

function Shell({ children }: { children: React.ReactNode }) {
  const { workspace } = useConsole();
  const [open, setOpen] = useState(false);
  useEffect(() => {
    document.cookie = `${LAST_WORKSPACE_COOKIE}=${encodeURIComponent(workspace.slug)}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
  }, [workspace.slug]);

  return (
    <div className="flex min-h-screen">
      <aside className="sticky top-0 hidden h-screen w-60 shrink-0 border-r bg-muted/30 md:block">
        <SidebarBody />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="sticky top-0 z-30 flex h-12 items-center gap-2 border-b bg-background/95 px-3 backdrop-blur sm:px-6">
          <button type="button" onClick={() => setOpen(true)} className="cursor-pointer rounded-md p-1.5 hover:bg-muted md:hidden" aria-label="Open navigation">
            <Menu className="size-5" aria-hidden />
          </button>
          <ScopeSwitcher />
        </header>
        <main id="main" className="flex-1">
          <div className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-8 sm:py-8">{children}</div>
        </main>
      </div>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent showClose={false} aria-describedby={undefined} className="left-0 top-0 h-full max-h-none w-72 max-w-none translate-x-0 translate-y-0 rounded-none border-y-0 border-l-0 p-0">
          <DialogTitle className="sr-only">Navigation</DialogTitle>
          <SidebarBody onNavigate={() => setOpen(false)} />
        </DialogContent>
      </Dialog>
    </div>
  );
}

export function ConsoleShell({ value, children }: { value: React.ComponentProps<typeof ConsoleProvider>["value"]; children: React.ReactNode }) {
  return (
    <ConsoleProvider value={value}>
      <Shell>{children}</Shell>
    </ConsoleProvider>
  );
}
