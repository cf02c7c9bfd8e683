"use client";
import type { ZodType } from "zod";
import { Form } from "./form";
import { FormActions } from "./form-actions";
import { FormError } from "./form-error";
import { NameSlugFields, useNameSlug } from "./name-slug-fields";
import { useFormMutation } from "./use-form-mutation";

type FieldProps = Omit<React.ComponentProps<typeof NameSlugFields>, "state" | "errors">;

/**
 * Create something that has a name and a slug (a workspace, a project): the fields, the
 * schema check, the API call and Cancel/Create. `holdAfterSuccess` keeps the button busy
 * while the page navigates away.
 */
export function NameSlugForm<TBody extends { name: string; slug: string }, TResult>({
  fields,
  schema,
  create,
  onCreated,
  submitLabel,
  holdAfterSuccess = false,
  onCancel,
}: {
  fields: FieldProps;
  schema: ZodType<TBody>;
  create: (body: TBody) => Promise<TResult>;
  onCreated: (result: TResult) => void;
  submitLabel: string;
  holdAfterSuccess?: boolean;
  onCancel?: () => void;
}) {
  const names = useNameSlug();
  const { errors, submit, mutation } = useFormMutation({ schema, mutationFn: create, onSuccess: onCreated, sendParsed: true });
  return (
    <Form onSubmit={() => submit({ name: names.name, slug: names.slug })}>
      <NameSlugFields state={names} errors={errors} {...fields} />
      <FormError error={mutation.error} />
      <FormActions
        layout="end"
        submitLabel={submitLabel}
        pendingLabel="Creating…"
        pending={mutation.isPending || (holdAfterSuccess && mutation.isSuccess)}
        onCancel={onCancel}
      />
    </Form>
  );
}
