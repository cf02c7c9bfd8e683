"use client";
import { useRouter } from "next/navigation";
import { useEffect, useLayoutEffect, useRef, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

/** The same-origin page a plain left click on a link would open, or null (new tab, download, other site, same page). */
function inAppTarget(e: MouseEvent): string | null {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return null;
  const link = e.target instanceof Element ? e.target.closest("a[href]") : null;
  if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin) return null;
  if (url.pathname === window.location.pathname && url.search === window.location.search) return null;
  return url.pathname + url.search + url.hash;
}

/**
 * Keeps in-app navigation (sidebar, workflow tabs, any link) from dropping unsaved edits: a click
 * on a link while edits are unsaved first saves them, then goes; when saving fails (a conflict,
 * an error, a draft the API cannot take) it asks before leaving. The browser's own unload prompt
 * covers reloads and other sites (use-autosave.ts).
 */
export function useLeaveGuard({ unsaved, flush, reason }: { unsaved: boolean; flush: () => Promise<boolean>; reason: string | null }) {
  const router = useRouter();
  const [blocked, setBlocked] = useState<string | null>(null);
  const state = useRef({ unsaved, flush });
  useLayoutEffect(() => {
    state.current = { unsaved, flush };
  });

  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (!state.current.unsaved) return;
      const href = inAppTarget(e);
      if (!href) return;
      // Capture on window runs before React's (and next/link's) handlers: stop them here.
      e.preventDefault();
      e.stopPropagation();
      void state.current.flush().then((ok) => (ok ? router.push(href) : setBlocked(href)));
    };
    window.addEventListener("click", onClick, true);
    return () => window.removeEventListener("click", onClick, true);
  }, [router]);

  return (
    <ConfirmDialog
      open={blocked !== null}
      onOpenChange={(open) => !open && setBlocked(null)}
      title="Leave without saving?"
      description={`Your latest changes to this draft are not saved${reason ? `: ${reason}` : ""}. Leaving now loses them.`}
      confirmLabel="Leave anyway"
      onConfirm={() => blocked && router.push(blocked)}
    />
  );
}
