"use client";

import { useEffect } from "react";

/**
 * Registers public/sw.js (the offline page and static assets only; see that file). Not in `next dev`,
 * where cached build assets would outlive every edit.
 */
export function ServiceWorkerRegistration() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production" || !("serviceWorker" in navigator)) return;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // Without it the app works as before, only without the offline page.
    });
  }, []);
  return null;
}
