import { ChangePasswordForm } from "@/components/account/change-password-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DeleteAccountCard, DeletionCertificatesCard } from "@/components/console/lifecycle/delete-account-card";
import { AccountIdentity } from "./account-identity";

export function AccountPanel({ email, hasPassword, emailVerified }: { email: string; hasPassword: boolean; emailVerified: boolean }) {
  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader className="pb-4">
          <CardTitle className="text-base">Profile</CardTitle>
          <CardDescription>Your account is shared by every workspace you belong to.</CardDescription>
        </CardHeader>
        <CardContent>
          <AccountIdentity verifiedBadge={emailVerified ? <Badge variant="success">Verified</Badge> : <Badge variant="warning">Unverified</Badge>} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader className="pb-4">
          <CardTitle className="text-base">Password</CardTitle>
          <CardDescription>
            {hasPassword
              ? "Changing your password signs you out everywhere else."
              : "You sign in with Google. To add a password, use “Forgot password” on the sign-in page with this address."}
          </CardDescription>
        </CardHeader>
        {hasPassword && (
          <CardContent className="max-w-md">
            <ChangePasswordForm />
          </CardContent>
        )}
      </Card>
      <DeletionCertificatesCard />
      <DeleteAccountCard email={email} />
    </div>
  );
}
