"use client";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";

export function EnvironmentSelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <div className="grid gap-1.5">
      <Label htmlFor="conn-environment">Environment</Label>
      <Select value={value} onValueChange={onChange}>
        <SelectTrigger id="conn-environment" className="w-48">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          <SelectItem value="production">Production</SelectItem>
          <SelectItem value="sandbox">Sandbox</SelectItem>
        </SelectContent>
      </Select>
    </div>
  );
}
