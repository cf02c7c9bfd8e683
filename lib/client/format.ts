// Dates as the console shows them: relative when recent, absolute in a tooltip.
const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function relativeTime(value: string | Date | null | undefined, now = Date.now()): string {
  if (!value) return "—";
  const t = new Date(value).getTime();
  const diff = (t - now) / 1000;
  for (const [unit, secs] of UNITS) {
    if (Math.abs(diff) >= secs) return rtf.format(Math.round(diff / secs), unit);
  }
  return Math.abs(diff) < 30 ? "just now" : rtf.format(Math.round(diff), "second");
}

export function absoluteTime(value: string | Date | null | undefined): string {
  if (!value) return "";
  return new Date(value).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

export function shortDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Date(value).toLocaleDateString("en", { year: "numeric", month: "short", day: "numeric" });
}

export function initials(nameOrEmail: string): string {
  const base = nameOrEmail.split("@")[0];
  const parts = base.split(/[\s._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? "?") + (parts[1]?.[0] ?? "")).toUpperCase();
}

export const ROLE_LABELS: Record<string, string> = {
  owner: "Owner",
  tenant_admin: "Admin",
  member: "Member",
  project_admin: "Project admin",
  project_contributor: "Contributor",
  project_viewer: "Viewer",
};
