import Link from "next/link";

/** forbidden() anywhere in the signed-in shell: HTTP 403, rendered inside the shell's <main>. */
export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center" data-testid="forbidden">
      <h1 className="font-medium text-slate-700">您没有访问该页面的权限</h1>
      <p className="mt-2 text-sm text-slate-500">
        如需开通，请联系信息中心。 <Link href="/" className="text-brand-700 underline">返回首页</Link>
      </p>
    </div>
  );
}
