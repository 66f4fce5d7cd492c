"use client";

import { startTransition, useActionState, type FormEvent } from "react";
import type { ActionResult } from "@/lib/action-result";

type Fn<T> = (prev: ActionResult<T> | null, formData: FormData) => Promise<ActionResult<T>>;

/**
 * useActionState for forms that must keep what the user typed when the server refuses it: React
 * resets a `<form action>` after every submission, so we submit through onSubmit instead and the
 * fields stay as they were next to the server's per-field messages. A submit the uploader held back
 * (files still uploading) is respected.
 */
export function useFormAction<T>(fn: Fn<T>) {
  const [state, action, pending] = useActionState<ActionResult<T> | null, FormData>(fn, null);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (event.currentTarget.dataset.uploading === "true") return;
    const formData = new FormData(event.currentTarget, (event.nativeEvent as SubmitEvent).submitter);
    startTransition(() => action(formData));
  };
  return { state, onSubmit, pending, errors: state && !state.ok ? (state.fieldErrors ?? {}) : {} };
}
