"use client";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { FieldErrors } from "@/lib/client/form";
import { slugify } from "./slugify";

/** Name and slug, the slug following the name until the user edits it. */
export function useNameSlug() {
  const [name, setName] = useState("");
  const [typedSlug, setTypedSlug] = useState<string | null>(null);
  return { name, setName, slug: typedSlug ?? slugify(name), setSlug: setTypedSlug };
}

export function NameSlugFields({
  state,
  errors,
  idPrefix,
  nameLabel,
  namePlaceholder,
  nameAutoComplete,
  slugHint,
  slugPlaceholder,
}: {
  state: ReturnType<typeof useNameSlug>;
  errors: FieldErrors;
  idPrefix: string;
  nameLabel: string;
  namePlaceholder: string;
  nameAutoComplete?: string;
  slugHint: string;
  slugPlaceholder: string;
}) {
  return (
    <>
      <Field id={`${idPrefix}-name`} label={nameLabel} error={errors.name}>
        <Input value={state.name} onChange={(e) => state.setName(e.target.value)} placeholder={namePlaceholder} autoComplete={nameAutoComplete} autoFocus />
      </Field>
      <Field id={`${idPrefix}-slug`} label="Slug" error={errors.slug} hint={slugHint}>
        <Input value={state.slug} onChange={(e) => state.setSlug(e.target.value)} placeholder={slugPlaceholder} className="font-mono" spellCheck={false} />
      </Field>
    </>
  );
}
