import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { listScoringRules } from "@/lib/data/base-data";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ScoringRuleForm } from "./scoring-rule-form";

export const metadata: Metadata = { title: "绩效规则设置" };

export default async function ScoringRulesPage() {
  const viewer = await requirePermission("admin.rules");
  const rules = await listScoringRules(viewer);
  return (
    <div className="space-y-4">
      <PageHeader title="绩效规则设置" description="每条规则由触发条件和分值组成：正分为加分项，负分为扣分项。" />
      <Card title={`规则（${rules.length}）`}>
        {rules.length === 0 ? (
          <EmptyState title="还没有绩效规则">在下方添加加分或扣分项。</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="scoring-rules">
            {rules.map((rule) => (
              <li key={rule.id} className="py-3">
                <ScoringRuleForm rule={rule} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="新增规则">
        <ScoringRuleForm />
      </Card>
    </div>
  );
}
