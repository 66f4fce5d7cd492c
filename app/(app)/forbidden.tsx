import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

/** forbidden() anywhere in the signed-in shell: HTTP 403, rendered inside the shell's <main>. */
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg pt-10" data-testid="forbidden">
      <EmptyState title="您没有访问该页面的权限">
        如需开通，请联系信息中心。 <Link href="/" className="text-brand-700 underline">返回首页</Link>
      </EmptyState>
    </div>
  );
}
