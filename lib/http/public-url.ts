/**
 * PUBLIC_URL, checked: the one parse of it (the QR code below, the OA single sign-on's service and redirect
 * addresses in lib/auth/sso). Null when unset; a value that is not an http(s) address throws in Chinese.
 */
export function configuredPublicUrl(raw: string | undefined): URL | null {
  const configured = (raw ?? "").trim();
  if (configured === "") return null;
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new Error(`环境变量 PUBLIC_URL 无法识别 "${configured}"：应为系统的完整访问地址，如 https://dcdb.example.gov.cn/`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`环境变量 PUBLIC_URL 应以 http:// 或 https:// 开头，当前为 "${configured}"`);
  }
  return url;
}

/**
 * The system's address as users type it (for the login page's QR code, so a phone opens the same system):
 * `PUBLIC_URL` when set (behind a proxy or NAT the app cannot know it), otherwise this request's
 * host and protocol (X-Forwarded-Host / X-Forwarded-Proto from a proxy, else Host over http).
 */
export function publicUrl(raw: string | undefined, headers: Headers): string {
  const configured = configuredPublicUrl(raw);
  if (configured !== null) return configured.href;
  const first = (name: string) => (headers.get(name) ?? "").split(",")[0]!.trim();
  const host = first("x-forwarded-host") || first("host");
  const proto = first("x-forwarded-proto").toLowerCase() === "https" ? "https" : "http";
  // A Host header that is not a host name (garbage from a client) gets no address rather than a broken one.
  if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host)) return "";
  return `${proto}://${host.toLowerCase()}/`;
}
