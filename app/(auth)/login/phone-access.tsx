import Link from "next/link";
import { headers } from "next/headers";
import QRCode from "qrcode";
import { publicUrl } from "@/lib/http/public-url";

/**
 * Below the login form: a QR code of the system's address to open it on a phone (drawn here on the
 * server as SVG, nothing fetched) and the link to the 操作手册. On a phone the QR code is left out:
 * scanning one's own screen is pointless, and the login form should stay the first thing seen.
 */
export async function PhoneAccess() {
  const address = publicUrl(process.env.PUBLIC_URL, await headers());
  const svg = address ? await QRCode.toString(address, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#0f172a", light: "#ffffff" } }) : null;
  return (
    <div className="mt-4 w-full max-w-sm text-sm text-white/90" data-testid="phone-access">
      {svg && (
        <div className="hidden items-center gap-4 rounded-xl bg-white/10 p-4 sm:flex">
          <div
            className="size-28 shrink-0 overflow-hidden rounded-md bg-white p-1 [&>svg]:size-full"
            role="img"
            aria-label={`本系统地址的二维码：${address}`}
            data-testid="login-qr"
            // The SVG is the qrcode package's output for the address: modules as paths, no text from the request.
            dangerouslySetInnerHTML={{ __html: svg }}
          />
          <div className="min-w-0 space-y-1">
            <p className="font-medium text-white">手机扫码访问</p>
            <p className="break-all text-xs text-white/75" data-testid="login-address">
              {address}
            </p>
            <p className="text-xs text-white/75">用手机浏览器打开后，可“添加到主屏幕”像应用一样使用。</p>
          </div>
        </div>
      )}
      <p className="mt-3 text-center">
        <Link href="/help" className="inline-flex min-h-11 items-center px-3 underline underline-offset-4 hover:text-white" data-testid="manual-link">
          操作手册
        </Link>
      </p>
    </div>
  );
}
