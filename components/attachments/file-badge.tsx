import { clsx } from "clsx";
import { extensionOf } from "@/lib/domain/file-types";

const FAMILY: Record<string, string> = {
  doc: "bg-blue-600",
  docx: "bg-blue-600",
  wps: "bg-blue-600",
  txt: "bg-slate-500",
  xls: "bg-green-600",
  xlsx: "bg-green-600",
  et: "bg-green-600",
  ppt: "bg-orange-600",
  pptx: "bg-orange-600",
  pdf: "bg-red-600",
  ofd: "bg-red-700",
  jpg: "bg-purple-600",
  jpeg: "bg-purple-600",
  png: "bg-purple-600",
  gif: "bg-purple-600",
  webp: "bg-purple-600",
  zip: "bg-amber-600",
  rar: "bg-amber-600",
  "7z": "bg-amber-600",
};

/** A small coloured tile with the file's extension: tells Word from Excel from PDF at a glance. */
export function FileBadge({ filename, className }: { filename: string; className?: string }) {
  const ext = extensionOf(filename);
  return (
    <span
      aria-hidden
      className={clsx(
        "inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-md text-[10px] font-bold uppercase tracking-tight text-white",
        FAMILY[ext] ?? "bg-slate-400",
        className,
      )}
    >
      {(ext || "file").slice(0, 4)}
    </span>
  );
}
