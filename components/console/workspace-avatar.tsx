import { initials } from "@/lib/client/format";
import { cn } from "@/components/ui/cn";

// A stable hue per name so workspaces are recognisable at a glance in the switcher.
function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

/** `seed` (the slug) picks the colour, so two workspaces with the same name still look different. */
export function WorkspaceAvatar({ name, seed, size = "md" }: { name: string; seed?: string; size?: "sm" | "md" }) {
  return (
    <span
      aria-hidden
      className={cn("flex shrink-0 items-center justify-center rounded-md font-semibold text-white", size === "md" ? "size-7 text-xs" : "size-5 text-[10px]")}
      style={{ background: `oklch(0.55 0.14 ${hue(seed ?? name)})` }}
    >
      {initials(name).slice(0, size === "md" ? 2 : 1)}
    </span>
  );
}

export function UserAvatar({ name, image, size = "md" }: { name: string; image?: string | null; size?: "sm" | "md" }) {
  const cls = size === "md" ? "size-7 text-xs" : "size-6 text-[10px]";
  if (image) {
    // eslint-disable-next-line @next/next/no-img-element -- remote avatars (Google) without an image proxy
    return <img src={image} alt="" referrerPolicy="no-referrer" className={cn("shrink-0 rounded-full object-cover", cls)} />;
  }
  return (
    <span aria-hidden className={cn("flex shrink-0 items-center justify-center rounded-full bg-muted font-medium text-muted-foreground ring-1 ring-border", cls)}>
      {initials(name)}
    </span>
  );
}
