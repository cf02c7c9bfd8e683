"use client";

/**
 * A console form: the browser's own validation is off (the API's schema validates, see
 * useFormMutation) and submitting never reloads the page.
 */
export function Form({ onSubmit, className = "grid gap-4", children }: { onSubmit: () => void; className?: string; children: React.ReactNode }) {
  return (
    <form
      noValidate
      className={className}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
