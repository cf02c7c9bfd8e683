import Link from "next/link";

/** The line under an account page's card that leads back to sign-in. */
export function BackToSignIn() {
  return (
    <Link href="/auth/sign-in" className="font-medium text-foreground underline-offset-4 hover:underline">
      Back to sign in
    </Link>
  );
}
