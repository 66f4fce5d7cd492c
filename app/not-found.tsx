import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg px-4 pt-20 text-center">
      <h1 className="text-lg font-semibold">页面不存在或您无权查看</h1>
      <p className="mt-2 text-sm text-slate-600">
        <Link href="/" className="text-brand-700 underline">返回首页</Link>
      </p>
    </main>
  );
}
