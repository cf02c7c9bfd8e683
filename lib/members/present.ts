import type { WorkspaceRole } from "@/lib/core/scope";
import type { MemberDto } from "@/lib/schemas/members";

type Row = {
  userId: string;
  role: WorkspaceRole;
  createdAt: Date;
  updatedAt: Date;
  user: { email: string; name: string | null; image: string | null };
};

export const memberSelect = {
  userId: true,
  role: true,
  createdAt: true,
  updatedAt: true,
  user: { select: { email: true, name: true, image: true } },
} as const;

export function presentMember(m: Row): MemberDto {
  return {
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    image: m.user.image,
    role: m.role,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
  };
}
