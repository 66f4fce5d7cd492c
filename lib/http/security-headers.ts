/**
 * Security headers for every page (set by proxy.ts). The script policy is nonce-based, the way Next
 * supports it: the proxy puts the policy on the request too, Next reads the nonce from it and stamps it
 * on its own scripts, and 'strict-dynamic' lets those load the rest. Styles allow inline because React
 * renders `style=""` attributes on the server and Radix injects small style elements; CSS cannot run
 * script, so that is the accepted trade-off.
 */

/** `FRAME_ANCESTORS`: who may frame the app (the OA portal later). CSP source-list syntax. */
export function frameAncestors(raw: string | undefined): string {
  const value = (raw ?? "").trim();
  if (value === "") return "'self'";
  const sources = value.split(/\s+/);
  const valid = sources.every((s) => /^'(self|none)'$/.test(s) || /^(https?:\/\/)?(\*\.)?[a-z0-9.-]+(:(\d+|\*))?$/i.test(s) || /^https?:$/.test(s));
  if (!valid || (sources.includes("'none'") && sources.length > 1)) {
    throw new Error(`环境变量 FRAME_ANCESTORS 无法识别 "${value}"：应为 'self'、'none' 或以空格分隔的来源（如 'self' https://oa.example.gov.cn）`);
  }
  return value;
}

export function contentSecurityPolicy(nonce: string, options: { dev: boolean; frameAncestors: string }): string {
  return [
    "default-src 'self'",
    // 'unsafe-eval' only in `next dev` (React's debugging needs it); never in a production build.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${options.dev ? " ws:" : ""}`,
    // The service worker (public/sw.js): without this it would fall under script-src, where 'strict-dynamic'
    // ignores 'self' and the registration is refused.
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${options.frameAncestors}`,
  ].join("; ");
}

/** The headers that do not depend on the request. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // Nothing in the app uses these; a framed or injected page cannot either.
  "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()",
};

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
