"use client";

import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { clsx } from "clsx";
import type { ActionResult } from "@/lib/action-result";
import type { DepartmentNode } from "@/lib/data/admin-departments";
import { FormStatus } from "@/components/admin/form-status";
import { reorderDepartmentAction } from "./actions";

const KIND_LABELS: Record<DepartmentNode["kind"], string> = {
  office: "督查室",
  district_department: "区级部门",
  subdistrict: "街道",
  state_enterprise: "国有企业",
  other: "其他",
};

function Row({ node, index, count, onMove, busy, highlight }: { node: DepartmentNode; index: number; count: number; onMove: (node: DepartmentNode, dir: "up" | "down") => void; busy: boolean; highlight?: string }) {
  const small = "inline-flex min-h-9 min-w-9 items-center justify-center rounded-md border border-slate-300 bg-white px-2 text-xs text-slate-700 hover:bg-slate-50 disabled:cursor-not-allowed disabled:text-slate-300";
  return (
    <li data-testid="department-node" data-name={node.name}>
      <div
        className={clsx(
          "flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-100 py-2 pr-2",
          highlight === node.id && "bg-green-50",
          !node.enabled && "text-slate-500",
        )}
        style={{ paddingLeft: `${0.5 + node.depth * 1.25}rem` }}
      >
        <span className="min-w-0 flex-1">
          <Link href={`/admin/departments/${node.id}`} className={clsx("hover:underline", node.isGroup ? "font-semibold text-slate-900" : "text-brand-700 underline decoration-brand-200 underline-offset-4")}>
            {node.name}
          </Link>
          <span className="ml-2 text-xs text-slate-500">
            {node.isGroup ? `分组 · ${node.children.length} 个下级` : `${KIND_LABELS[node.kind]} · ${node.users} 人${node.tasks ? ` · ${node.tasks} 项任务` : ""}`}
          </span>
          {!node.enabled && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">已停用</span>}
        </span>
        <span className="flex gap-1">
          <button type="button" className={small} disabled={busy || index === 0} onClick={() => onMove(node, "up")} aria-label={`上移 ${node.name}`} data-testid="move-up">
            上移
          </button>
          <button type="button" className={small} disabled={busy || index === count - 1} onClick={() => onMove(node, "down")} aria-label={`下移 ${node.name}`} data-testid="move-down">
            下移
          </button>
          {node.isGroup && (
            <Link href={`/admin/departments/new?parent=${node.id}`} className={small} aria-label={`在 ${node.name} 下新增单位`}>
              新增下级
            </Link>
          )}
        </span>
      </div>
      {node.children.length > 0 && <Branch nodes={node.children} onMove={onMove} busy={busy} highlight={highlight} />}
    </li>
  );
}

function Branch({ nodes, onMove, busy, highlight }: { nodes: DepartmentNode[]; onMove: (node: DepartmentNode, dir: "up" | "down") => void; busy: boolean; highlight?: string }) {
  return (
    <ul>
      {nodes.map((n, i) => (
        <Row key={n.id} node={n} index={i} count={nodes.length} onMove={onMove} busy={busy} highlight={highlight} />
      ))}
    </ul>
  );
}

/** The department tree with 上移/下移 (no drag: works by keyboard and on a phone). */
export function DepartmentTree({ tree, highlight }: { tree: DepartmentNode[]; highlight?: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<ActionResult | null>(null);
  const onMove = (node: DepartmentNode, direction: "up" | "down") =>
    startTransition(async () => {
      const outcome = await reorderDepartmentAction({ id: node.id, version: node.version, direction });
      setResult(outcome.ok ? null : outcome);
      router.refresh();
    });
  return (
    <div>
      <FormStatus state={result} />
      <div className={clsx("text-sm", pending && "opacity-60")} aria-busy={pending}>
        <Branch nodes={tree} onMove={onMove} busy={pending} highlight={highlight} />
      </div>
    </div>
  );
}
