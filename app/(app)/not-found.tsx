import Link from "next/link";
import { EmptyState } from "@/components/ui/card";

/**
 * notFound() inside the signed-in shell (another unit's task, a mistyped id): HTTP 404, rendered inside
 * the shell's <main>. Unknown URLs outside the shell get app/not-found.tsx.
 */
export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg pt-10" data-testid="not-found">
      <EmptyState title="页面不存在或您无权查看">
        <Link href="/" className="text-brand-700 underline">返回首页</Link>
      </EmptyState>
    </div>
  );
}
