"use client";

import { Button } from "@/components/ui/button";

/** 打印 of a statistics page (the A4 print rules are in app/globals.css). */
export function PrintPageButton() {
  return (
    <Button variant="secondary" onClick={() => window.print()} data-testid="print-stats">
      打印
    </Button>
  );
}
