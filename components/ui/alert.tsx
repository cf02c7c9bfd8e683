import { cva, type VariantProps } from "class-variance-authority";
import * as React from "react";
import { cn } from "@/components/ui/cn";

const alertVariants = cva("relative w-full rounded-lg border px-4 py-3 text-sm", {
  variants: {
    variant: {
      default: "bg-card text-foreground",
      destructive: "border-destructive/50 text-destructive",
      success: "border-success/50 text-success",
    },
  },
  defaultVariants: { variant: "default" },
});

export function Alert({ className, variant, ...props }: React.HTMLAttributes<HTMLDivElement> & VariantProps<typeof alertVariants>) {
  return <div role="alert" className={cn(alertVariants({ variant }), className)} {...props} />;
}
