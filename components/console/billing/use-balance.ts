"use client";
import { useQuery } from "@tanstack/react-query";
import type { BalanceResponse } from "@/lib/schemas/billing";
import { useCan, useConsole, useWorkspaceApi } from "../console-context";

/** The workspace's balance, shared by the billing page and the low-balance banner. */
export function useBalance(opts: { refetchInterval?: number | false } = {}) {
  const { workspace } = useConsole();
  const can = useCan();
  const call = useWorkspaceApi();
  return useQuery({
    queryKey: ["billing-balance", workspace.slug],
    queryFn: ({ signal }) => call<BalanceResponse>("/v1/billing/balance", { signal }),
    enabled: can("billing.read"),
    staleTime: 30_000,
    refetchInterval: opts.refetchInterval ?? false,
  });
}
