import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { clientIp } from "@/lib/auth/request-meta";
import { runAction } from "@/lib/action-result";
import { validation } from "@/lib/domain/errors";
import { assertSameOrigin } from "@/lib/http/same-origin";
import { readLimitedFormData } from "@/lib/http/limited-body";
import { previewUserImport } from "@/lib/services/admin/users/preview-user-import";
import { importUsers } from "@/lib/services/admin/users/import-users";
import { IMPORT_MAX_BYTES } from "@/lib/services/admin/users/user-sheet";

export const dynamic = "force-dynamic";

// The sheet's own limit plus room for the multipart envelope and the 统一初始密码 field.
const BODY_LIMIT = IMPORT_MAX_BYTES + 64 * 1024;

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, VALIDATION: 400, INTERNAL: 500 };

/**
 * 用户导入 (admin.users), the file transport: `?step=preview` checks every row and writes nothing;
 * `?step=import` imports all rows or none (the service re-checks inside its transaction). The file
 * comes here rather than through a server action so that actions can stay limited to 1 MB.
 * Answers the same result shape as the admin actions ({ok, data} or {ok: false, code, message, fieldErrors}).
 */
export async function POST(request: Request): Promise<Response> {
  const step = new URL(request.url).searchParams.get("step");
  const result = await runAction(async () => {
    const viewer = await actingViewer("admin.users");
    assertSameOrigin(request);
    if (step !== "preview" && step !== "import") throw validation("未知的导入步骤");
    const form = await readLimitedFormData(request, BODY_LIMIT, "文件过大，请不超过 2 MB");
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw validation("请选择要导入的 Excel 文件", { file: "请选择要导入的 Excel 文件" });
    const defaultPassword = form.get("defaultPassword");
    const input = { bytes: new Uint8Array(await file.arrayBuffer()), defaultPassword: typeof defaultPassword === "string" ? defaultPassword : "" };
    if (step === "preview") return previewUserImport(viewer, input);
    const imported = await importUsers(viewer, input, { ip: clientIp(request.headers), userAgent: request.headers.get("user-agent") });
    revalidatePath("/admin/users");
    return imported;
  });
  const status = result.ok ? 200 : (STATUS[result.code] ?? 400);
  return Response.json(result, { status, headers: { "Cache-Control": "no-store" } });
}
