import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { checkViewer } from "@/lib/auth/viewer";
import { TotpForm } from "./totp-form";

export const metadata: Metadata = { title: "动态口令验证" };

/** The second step of an administrator's login (after the password or the OA): only a pending session gets here. */
export default async function TotpPage() {
  const check = await checkViewer();
  if (check.state === "active") redirect("/");
  if (check.state !== "pending") redirect("/login?expired=1");
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-gradient-to-b from-brand-800 to-brand-600 px-4 py-10">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl sm:p-8">
        <h1 className="mb-1 text-center text-xl font-semibold text-slate-900">双因素认证</h1>
        <p className="mb-6 text-center text-sm text-slate-500">{check.actor.displayName}，请输入动态口令完成登录</p>
        <TotpForm />
      </div>
    </main>
  );
}
