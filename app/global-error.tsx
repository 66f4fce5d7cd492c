"use client";

/**
 * When even the root layout failed, this replaces the whole document: plain markup, since neither the layout nor
 * its stylesheet rendered. Same message as app/error.tsx.
 */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="zh-CN">
      <body style={{ fontFamily: "sans-serif", textAlign: "center", padding: "5rem 1rem" }}>
        <main data-testid="error-page">
          <h1 style={{ fontSize: "1.125rem" }}>页面暂时无法显示</h1>
          <p>系统暂时无法完成请求（数据库可能正在重启或维护），您的操作未被保存。请稍后刷新重试；若持续出现，请联系系统管理员。</p>
          {error.digest ? <p style={{ fontSize: "0.75rem", color: "#64748b" }}>错误编号：{error.digest}</p> : null}
        </main>
      </body>
    </html>
  );
}
