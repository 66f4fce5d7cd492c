"use client";

import { clsx } from "clsx";
import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from "react";
import {
  acceptAttribute,
  DEFAULT_EXTENSIONS,
  DEFAULT_MAX_MB,
  extensionOf,
  formatFileSize,
  tooLargeMessage,
  typeNotAllowedMessage,
} from "@/lib/domain/file-types";
import { FileBadge } from "./file-badge";
import { downscalePhoto } from "./downscale-photo";

export interface UploaderRules {
  maxMb: number;
  maxBytes: number;
  extensions: readonly string[];
}

export interface AttachmentUploaderProps {
  /** Name of the hidden inputs carrying the finished uploads' ids. */
  name?: string;
  /** Limits shown and pre-checked in the browser (the server checks again): pass getAttachmentRules(). */
  rules?: UploaderRules;
  /** Called with true while any file is queued or uploading, false when all are settled. */
  onBusyChange?: (busy: boolean) => void;
  label?: string;
  disabled?: boolean;
  /** Parallel uploads. */
  concurrency?: number;
}

/** preparing: a camera photo being made smaller in the browser before it is queued. */
type Status = "preparing" | "queued" | "uploading" | "checking" | "done" | "error";

interface Item {
  key: string;
  file: File;
  status: Status;
  progress: number;
  error?: string;
  /** False for refusals decided before sending (type, size): retrying cannot help. */
  retryable?: boolean;
  attachmentId?: string;
  /** A downscaled camera photo: the size it had before. */
  original?: number;
}

const DEFAULT_RULES: UploaderRules = { maxMb: DEFAULT_MAX_MB, maxBytes: DEFAULT_MAX_MB * 1024 * 1024, extensions: DEFAULT_EXTENSIONS };
let counter = 0;

/**
 * Multi-file upload for task and report forms: pick or drop files, each uploads on its own with a
 * progress bar, errors per file, removable; every finished upload adds
 * `<input type="hidden" name="attachmentIds" value=id>` to the surrounding form. While uploads are in
 * flight the form's submit buttons are disabled, the form carries `data-uploading="true"`, and a
 * submit attempt is held back.
 *
 * On a touch screen a second button, 拍照上传, opens the phone's camera (`capture="environment"`); the photo
 * is made smaller in the browser first (downscale-photo.ts: at most 1600 px on the long side, JPEG) and
 * then uploaded the same way. Files chosen with 选择附件 are uploaded exactly as they are (a scanned
 * document keeps its detail).
 */
export function AttachmentUploader({ name = "attachmentIds", rules = DEFAULT_RULES, onBusyChange, label = "附件", disabled, concurrency = 3 }: AttachmentUploaderProps) {
  const [items, setItems] = useState<Item[]>([]);
  const [dragging, setDragging] = useState(false);
  const [blockedSubmit, setBlockedSubmit] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const cameraRef = useRef<HTMLInputElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const requests = useRef(new Map<string, XMLHttpRequest>());
  const inputId = useId();
  const hintId = `${inputId}-hint`;

  const busy = items.some((i) => i.status === "preparing" || i.status === "queued" || i.status === "uploading" || i.status === "checking");
  const busyRef = useRef(busy);

  const update = useCallback((key: string, patch: Partial<Item>) => {
    setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  }, []);

  const start = useCallback(
    (item: Item) => {
      const xhr = new XMLHttpRequest();
      requests.current.set(item.key, xhr);
      xhr.open("POST", "/api/attachments");
      xhr.responseType = "text";
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) update(item.key, { progress: event.loaded / event.total, status: event.loaded >= event.total ? "checking" : "uploading" });
      };
      xhr.upload.onload = () => update(item.key, { progress: 1, status: "checking" });
      xhr.onload = () => {
        requests.current.delete(item.key);
        let body: { id?: string; message?: string } | undefined;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        if (xhr.status === 201 && body?.id) {
          update(item.key, { status: "done", progress: 1, attachmentId: body.id, error: undefined });
        } else {
          const message =
            body?.message ??
            (xhr.status === 401 || xhr.responseURL.includes("/login") ? "登录已失效，请重新登录后再上传" : `上传失败（${xhr.status || "网络错误"}），请重试`);
          update(item.key, { status: "error", error: message, retryable: xhr.status !== 400 && xhr.status !== 413 && xhr.status !== 403 });
        }
      };
      xhr.onerror = () => {
        requests.current.delete(item.key);
        update(item.key, { status: "error", error: "网络连接中断，上传失败，请重试", retryable: true });
      };
      const form = new FormData();
      form.append("file", item.file, item.file.name);
      update(item.key, { status: "uploading", progress: 0, error: undefined });
      xhr.send(form);
    },
    [update],
  );

  // Start queued files while fewer than `concurrency` are in flight.
  useEffect(() => {
    const active = items.filter((i) => i.status === "uploading" || i.status === "checking").length;
    const queued = items.filter((i) => i.status === "queued").slice(0, Math.max(0, concurrency - active));
    for (const item of queued) start(item);
  }, [items, concurrency, start]);

  // Tell the page and hold the surrounding form while uploads are in flight.
  useEffect(() => {
    busyRef.current = busy;
    onBusyChange?.(busy);
    const form = rootRef.current?.closest("form");
    if (!form) return;
    if (busy) form.dataset.uploading = "true";
    else delete form.dataset.uploading;
    if (!busy) return;
    const buttons = Array.from(form.querySelectorAll<HTMLButtonElement | HTMLInputElement>('button[type="submit"], button:not([type]), input[type="submit"]')).filter(
      (b) => !b.disabled,
    );
    for (const b of buttons) b.disabled = true;
    return () => {
      for (const b of buttons) b.disabled = false;
    };
  }, [busy, onBusyChange]);

  // Enter in a text field submits a form even with its buttons disabled: hold that back too.
  useEffect(() => {
    const form = rootRef.current?.closest("form");
    if (!form) return;
    const guard = (event: SubmitEvent) => {
      if (!busyRef.current) return;
      // Stopping here also keeps the event from React's root listener, so the form's onSubmit never runs.
      event.preventDefault();
      event.stopPropagation();
      setBlockedSubmit(true);
    };
    form.addEventListener("submit", guard);
    return () => form.removeEventListener("submit", guard);
  }, []);

  // Leaving the page aborts what is still uploading.
  useEffect(() => {
    const pending = requests.current;
    return () => {
      for (const xhr of pending.values()) xhr.abort();
    };
  }, []);

  /** The file checked against the limits: queued, or refused before sending. */
  function checked(file: File): Pick<Item, "file" | "status" | "progress" | "error" | "retryable"> {
    const ext = extensionOf(file.name);
    if (!ext || !rules.extensions.includes(ext)) {
      return { file, status: "error", progress: 0, error: typeNotAllowedMessage(ext ? `.${ext}` : `${file.name}（没有扩展名）`), retryable: false };
    }
    if (file.size > rules.maxBytes) return { file, status: "error", progress: 0, error: tooLargeMessage(rules.maxMb), retryable: false };
    if (file.size === 0) return { file, status: "error", progress: 0, error: "文件为空，请重新选择", retryable: false };
    return { file, status: "queued", progress: 0 };
  }

  function addFiles(files: FileList | File[]) {
    const added: Item[] = Array.from(files).map((file) => ({ key: `f${++counter}`, ...checked(file) }));
    setBlockedSubmit(false);
    setItems((list) => [...list, ...added]);
  }

  /** Camera photos: made smaller first (or kept as they are when the browser cannot), then checked and queued. */
  function addPhotos(files: FileList | File[]) {
    const added: Item[] = Array.from(files).map((file) => ({ key: `f${++counter}`, file, status: "preparing", progress: 0 }));
    setBlockedSubmit(false);
    setItems((list) => [...list, ...added]);
    for (const item of added) {
      void downscalePhoto(item.file).then((file) =>
        // Removed meanwhile: update() matches nothing.
        update(item.key, { ...checked(file), original: file === item.file ? undefined : item.file.size }),
      );
    }
  }

  function remove(item: Item) {
    requests.current.get(item.key)?.abort();
    requests.current.delete(item.key);
    setItems((list) => list.filter((i) => i.key !== item.key));
    // The server keeps an unclaimed upload only until the daily cleanup; discarding it now frees it at once.
    if (item.attachmentId) void fetch(`/api/attachments/${item.attachmentId}`, { method: "DELETE", keepalive: true }).catch(() => {});
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (disabled) return;
    if (event.dataTransfer.files.length) addFiles(event.dataTransfer.files);
  }

  const extensions = rules.extensions.join("、");
  // A downscaled photo is a JPEG: offered only when JPEG files are allowed.
  const allowsPhotos = rules.extensions.includes("jpg");

  return (
    <div ref={rootRef} className="space-y-2" data-testid="attachment-uploader" data-busy={busy || undefined}>
      <div
        onDragEnter={(e) => {
          e.preventDefault();
          if (!disabled) setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = disabled ? "none" : "copy";
        }}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
        className={clsx(
          "flex flex-col items-start gap-2 rounded-lg border-2 border-dashed px-4 py-4 sm:flex-row sm:items-center",
          dragging ? "border-brand-600 bg-brand-50" : "border-slate-300 bg-slate-50",
          disabled && "opacity-60",
        )}
        data-testid="attachment-dropzone"
      >
        <button
          type="button"
          onClick={() => inputRef.current?.click()}
          disabled={disabled}
          aria-describedby={hintId}
          className="inline-flex min-h-11 shrink-0 items-center justify-center whitespace-nowrap rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:cursor-not-allowed"
          data-testid="attachment-choose"
        >
          选择{label}
        </button>
        {allowsPhotos && (
          <button
            type="button"
            onClick={() => cameraRef.current?.click()}
            disabled={disabled}
            // Only where there is a camera to speak of: a touch screen (on a desktop the button would just
            // open an image file chooser).
            className="hidden min-h-11 shrink-0 items-center justify-center gap-1.5 whitespace-nowrap rounded-md border border-brand-600 bg-white px-4 py-2 text-sm font-medium text-brand-700 hover:bg-brand-50 disabled:cursor-not-allowed pointer-coarse:inline-flex"
            data-testid="attachment-camera"
          >
            <svg viewBox="0 0 24 24" className="size-5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
              <path d="M4 8h3l2-3h6l2 3h3v11H4z" />
              <circle cx="12" cy="13" r="3.5" />
            </svg>
            拍照上传
          </button>
        )}
        <p id={hintId} className="text-xs leading-5 text-slate-500">
          可多选，或将文件拖到此处。单个文件不超过 {rules.maxMb} MB，支持 {extensions}。
        </p>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          multiple
          accept={acceptAttribute(rules.extensions)}
          className="sr-only"
          tabIndex={-1}
          aria-hidden
          disabled={disabled}
          onChange={(e) => {
            if (e.target.files?.length) addFiles(e.target.files);
            e.target.value = "";
          }}
          data-testid="attachment-input"
        />
        {allowsPhotos && (
          <input
            ref={cameraRef}
            type="file"
            accept="image/*"
            capture="environment"
            className="sr-only"
            tabIndex={-1}
            aria-hidden
            disabled={disabled}
            onChange={(e) => {
              if (e.target.files?.length) addPhotos(e.target.files);
              e.target.value = "";
            }}
            data-testid="attachment-camera-input"
          />
        )}
      </div>

      {blockedSubmit && busy && (
        <p className="text-sm text-amber-700" role="status" data-testid="attachment-wait">
          附件正在上传，请等上传完成后再提交。
        </p>
      )}

      {items.length > 0 && (
        <ul className="space-y-2" aria-live="polite" data-testid="attachment-items">
          {items.map((item) => (
            <li
              key={item.key}
              className={clsx("rounded-md border bg-white px-3 py-2", item.status === "error" ? "border-red-200" : "border-slate-200")}
              data-testid="attachment-item"
              data-status={item.status}
            >
              <div className="flex items-center gap-3">
                <FileBadge filename={item.file.name} />
                <div className="min-w-0 flex-1">
                  <p className="break-all text-sm font-medium text-slate-800">{item.file.name}</p>
                  <p className="text-xs text-slate-500">
                    {formatFileSize(item.file.size)}
                    {item.original !== undefined && <span data-testid="attachment-downscaled">（已从 {formatFileSize(item.original)} 压缩）</span>}
                    {" · "}
                    <StatusText item={item} />
                  </p>
                </div>
                {item.status === "error" && item.retryable && (
                  <button
                    type="button"
                    onClick={() => update(item.key, { status: "queued", progress: 0, error: undefined })}
                    className="shrink-0 rounded-md px-2 py-1.5 text-sm text-brand-700 hover:bg-brand-50"
                    data-testid="attachment-retry"
                  >
                    重试
                  </button>
                )}
                <button
                  type="button"
                  onClick={() => remove(item)}
                  className="shrink-0 rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-red-700"
                  aria-label={`${item.status === "preparing" || item.status === "uploading" || item.status === "queued" || item.status === "checking" ? "取消上传" : "移除"} ${item.file.name}`}
                  data-testid="attachment-remove"
                >
                  {item.status === "preparing" || item.status === "uploading" || item.status === "queued" || item.status === "checking" ? "取消" : "移除"}
                </button>
              </div>
              {(item.status === "preparing" || item.status === "uploading" || item.status === "queued" || item.status === "checking") && (
                <div
                  className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-100"
                  role="progressbar"
                  aria-label={`${item.file.name} 上传进度`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(item.progress * 100)}
                  data-testid="attachment-progress"
                >
                  <div className="h-full rounded-full bg-brand-600 transition-[width] duration-150" style={{ width: `${Math.round(item.progress * 100)}%` }} />
                </div>
              )}
              {item.error && (
                <p className="mt-1 text-sm text-red-700" data-testid="attachment-error">
                  {item.error}
                </p>
              )}
              {item.attachmentId && <input type="hidden" name={name} value={item.attachmentId} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function StatusText({ item }: { item: Item }) {
  switch (item.status) {
    case "preparing":
      return <span>正在压缩照片…</span>;
    case "queued":
      return <span>等待上传</span>;
    case "uploading":
      return <span>上传中 {Math.round(item.progress * 100)}%</span>;
    case "checking":
      return <span>正在校验…</span>;
    case "done":
      return <span className="text-green-700">已上传</span>;
    case "error":
      return <span className="text-red-700">未上传</span>;
  }
}
