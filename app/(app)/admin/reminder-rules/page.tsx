import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import { listReminderRules } from "@/lib/data/base-data";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { ReminderRuleForm } from "./reminder-rule-form";

export const metadata: Metadata = { title: "提醒规则设置" };

export default async function ReminderRulesPage() {
  const viewer = await requirePermission("admin.rules");
  const rules = await listReminderRules(viewer);
  return (
    <div className="space-y-4">
      <PageHeader
        title="提醒规则设置"
        description={
          <>
            每个紧急程度一条规则，设定截止前提醒天数、逾期催办间隔、接收时限和提醒对象；天数按工作日计（见“工作日历”）。新增紧急程度请到
            <Link href="/admin/base-data/urgencies" className="mx-0.5 text-brand-700 underline">
              基础数据
            </Link>
            。
          </>
        }
      />
      {rules.length === 0 ? (
        <EmptyState title="还没有紧急程度">请先在基础数据中添加紧急程度。</EmptyState>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {rules.map((rule) => (
            <ReminderRuleForm key={rule.urgencyId} rule={rule} />
          ))}
        </div>
      )}
    </div>
  );
}
