"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";

type Fn<T> = (prev: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * useActionState submitted through onSubmit, so a refused form keeps what the admin typed (React
 * resets a `<form action>` after every submission) next to the server's per-field messages.
 */
export function useAdminForm<T>(fn: Fn<T>) {
  const [state, action, pending] = useActionState<ActionResult<T> | null, FormData>(fn, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => action(formData));
  };
  return { state, onSubmit, pending, errors: state && !state.ok ? (state.fieldErrors ?? {}) : {} };
}
