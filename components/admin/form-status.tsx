"use client";

import type { ActionResult } from "@/lib/action-result";

/** The outcome of a back-office form: the server's Chinese message, red on failure, green on success. */
export function FormStatus({ state, testId = "form-status" }: { state: ActionResult<unknown> | null; testId?: string }) {
  if (!state) return null;
  if (state.ok) {
    return state.message ? (
      <p role="status" data-testid={testId} data-ok="true" className="rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
        {state.message}
      </p>
    ) : null;
  }
  return (
    <p role="alert" data-testid={testId} data-ok="false" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
      {state.message}
      {state.code === "CONFLICT" && (
        <>
          {" "}
          <button type="button" className="underline" onClick={() => window.location.reload()}>
            刷新
          </button>
        </>
      )}
    </p>
  );
}
