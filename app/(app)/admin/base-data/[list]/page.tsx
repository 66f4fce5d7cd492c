import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { clsx } from "clsx";
import { requirePermission } from "@/lib/auth/viewer";
import { listBaseDataEntries } from "@/lib/data/base-data";
import { BASE_DATA_LISTS, BASE_DATA_LIST_LABELS, isBaseDataList } from "@/lib/domain/base-data";
import { Card, PageHeader } from "@/components/ui/card";
import { CreateEntryForm, EntryList } from "./entry-list";

export const metadata: Metadata = { title: "基础数据" };

const HINTS = {
  sources: "督办事项的来源，如会议、领导批示、上级交办。",
  categories: "事项所属领域，可在一级类别下再设一级子类别。",
  types: "办件的性质，如会议议定事项、专项督查。",
  urgencies: "每个紧急程度有一条提醒规则设置（见“提醒规则”），颜色用于列表中的标识。",
};

export default async function BaseDataListPage({ params }: { params: Promise<{ list: string }> }) {
  const viewer = await requirePermission("admin.basedata");
  const { list } = await params;
  if (!isBaseDataList(list)) notFound();
  const entries = await listBaseDataEntries(viewer, list);
  const parents = entries.filter((e) => e.parentId === null).map((e) => ({ id: e.id, name: e.name }));
  return (
    <div className="space-y-4">
      <PageHeader title="基础数据" description="已被督办事项使用的条目不能删除，只能停用：停用后新建事项时不再可选，已有事项照常显示。" />
      <nav aria-label="基础数据类别" className="flex flex-wrap gap-2" data-testid="basedata-tabs">
        {BASE_DATA_LISTS.map((l) => (
          <Link
            key={l}
            href={`/admin/base-data/${l}`}
            aria-current={l === list ? "page" : undefined}
            className={clsx(
              "rounded-full border px-3 py-1.5 text-sm",
              l === list ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {BASE_DATA_LIST_LABELS[l]}
          </Link>
        ))}
      </nav>
      <Card title={`新增${BASE_DATA_LIST_LABELS[list]}`}>
        <p className="mb-3 text-sm text-slate-600">{HINTS[list]}</p>
        <CreateEntryForm list={list} parents={list === "categories" ? parents : undefined} />
      </Card>
      <Card title={`${BASE_DATA_LIST_LABELS[list]}（${entries.length}）`}>
        <EntryList list={list} entries={entries} />
      </Card>
    </div>
  );
}
