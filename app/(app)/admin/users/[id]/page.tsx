import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { getAdminUser, userFormOptions } from "@/lib/data/admin-users";
import { Card, Notice, PageHeader } from "@/components/ui/card";
import { UserForm } from "../user-form";
import { AccountPanel } from "./account-panel";
import { formatDateTime } from "@/lib/domain/dates";
import { PendingSteps } from "./pending-steps";
import { listPendingSteps, PENDING_STEP_LABELS } from "@/lib/data/pending-steps";
import { countOpenChangeRequests } from "@/lib/data/member-changes";
import Link from "next/link";

export const metadata: Metadata = { title: "编辑用户" };


export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("admin.users");
  const { id } = await params;
  const [user, { units, roles }] = await Promise.all([getAdminUser(viewer, id), userFormOptions(viewer)]);
  if (!user) notFound();
  // Nothing may wait on an account that cannot log in: its open steps are listed here for 改派.
  const [pending, openRequests] = await Promise.all([listPendingSteps(viewer, user.id), countOpenChangeRequests(viewer, user.id)]);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={`${user.displayName}（${user.username}）`}
        description={
          <>
            {user.departmentName} · {user.enabled ? "启用" : "已停用"}
            {user.lastLoginAt ? ` · 最近登录 ${formatDateTime(user.lastLoginAt)}` : " · 从未登录"}
          </>
        }
      />
      {!user.enabled && (
        <Notice tone="warning" testId="user-disabled-notice">
          该账号已停用，不能登录。
        </Notice>
      )}
      {!user.enabled && pending.length > 0 && (
        <Notice tone="warning" testId="pending-steps-notice">
          该账号已停用，仍有 {pending.length} 项待办环节等待其办理，请在下方“待办环节”中改派给其他人员。
        </Notice>
      )}
      {openRequests > 0 && (
        <Notice tone="info" testId="user-change-requests-notice">
          其单位为该用户提交了 {openRequests} 条待处理的变更申请。修改保存后，请到
          <Link href="/admin/users/change-requests" className="mx-1 font-medium underline">
            变更申请
          </Link>
          标记办理结果（保存不会自动关闭申请）。
        </Notice>
      )}
      {user.mustChangePassword && <Notice tone="info">该用户下次登录时须修改密码。</Notice>}
      {!user.localPassword && <Notice tone="info">该用户未设置本地密码，只能从 OA 单点登录；重置密码后也可用密码登录。</Notice>}
      {user.locked && <Notice tone="warning">该账号因多次密码错误被临时锁定，重置密码可立即解锁。</Notice>}
      <Card title="基本信息">
        <UserForm
          units={units}
          roles={roles}
          user={{
            id: user.id,
            version: user.version,
            username: user.username,
            displayName: user.displayName,
            mobile: user.mobile,
            departmentId: user.departmentId,
            roleIds: user.roleIds,
            smsRecipient: user.smsRecipient,
            externalId: user.externalId,
          }}
        />
      </Card>
      <Card title="账号状态">
        <AccountPanel id={user.id} version={user.version} username={user.username} enabled={user.enabled} isSelf={user.id === viewer.userId} pendingCount={pending.length} totpBound={user.totpBound} />
      </Card>
      {pending.length > 0 && (
        <Card title={`待办环节（${pending.length}）`}>
          <PendingSteps
            canReroute={viewer.permissions.has("task.reroute")}
            canViewTasks={viewer.permissions.has("task.view")}
            items={pending.map((p) => ({
              key: p.assignmentId ?? p.taskId,
              kindLabel: PENDING_STEP_LABELS[p.kind],
              taskId: p.taskId,
              taskLabel: p.taskNo ? `${p.taskNo} ${p.title}` : p.title,
              assignmentId: p.assignmentId,
              departmentName: p.departmentName,
              version: p.version,
              waitingSince: formatDateTime(p.waitingSince),
              candidates: p.candidates,
            }))}
          />
        </Card>
      )}
    </div>
  );
}
