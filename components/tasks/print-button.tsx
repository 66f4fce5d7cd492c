"use client";

import { Button } from "@/components/ui/button";

export function PrintButton() {
  return (
    <Button onClick={() => window.print()} data-testid="print-notice">
      打印通知单
    </Button>
  );
}
