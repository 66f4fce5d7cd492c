import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import { requestFontSize } from "@/lib/http/font-size";
import "./globals.css";
import { ServiceWorkerRegistration } from "@/components/shell/service-worker";

export const metadata: Metadata = {
  title: { default: "督查督办系统", template: "%s · 督查督办系统" },
  description: "区政府督查室督办事项登记、交办、承办反馈与跟踪",
  applicationName: "督查督办",
  manifest: "/manifest.webmanifest",
  appleWebApp: { capable: true, title: "督查督办", statusBarStyle: "default" },
  icons: {
    icon: [{ url: "/icons/icon.svg", type: "image/svg+xml" }, { url: "/icons/icon-192.png", sizes: "192x192", type: "image/png" }],
    apple: [{ url: "/icons/apple-touch-icon.png", sizes: "180x180" }],
  },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: "#1e40af",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, so Next can stamp this request's CSP nonce (set by proxy.ts) on
  // its scripts; a page prerendered at build time would carry none and never hydrate.
  await connection();
  // The 字号 setting is drawn server-side, so the first paint already has the chosen size.
  const fontSize = await requestFontSize();
  return (
    <html lang="zh-CN" data-font-size={fontSize}>
      <body className="min-h-dvh font-sans">
        {children}
        <ServiceWorkerRegistration />
      </body>
    </html>
  );
}
