import Link from "next/link";

/** forbidden() outside the signed-in shell (none today; Next's English default otherwise). HTTP 403. */
export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg px-4 pt-20 text-center">
      <h1 className="text-lg font-semibold">您没有访问该页面的权限</h1>
      <p className="mt-2 text-sm text-slate-600">
        如需开通，请联系信息中心。 <Link href="/" className="text-brand-700 underline">返回首页</Link>
      </p>
    </main>
  );
}
