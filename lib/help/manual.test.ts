import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HELP_CHAPTERS, referencedScreens } from "./manual";
import { HELP_PDF_PATH, HELP_SCREEN_DIR, HELP_SCREEN_NAMES, helpScreenFile } from "./screens";
import { NAVIGATION } from "@/lib/domain/navigation";
import { ASSIGNMENT_ACTION_LABELS, TASK_ACTION_LABELS } from "@/lib/domain/workflow/transitions";
import { FONT_SIZE_LABELS } from "@/lib/domain/font-size";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Names in 【…】 that are neither a menu entry nor a workflow button, each with the source file that shows it
 * (the test reads the file, so renaming the button there fails here until the manual follows).
 */
const OTHER_UI_TEXTS: Record<string, string | { file: string; shows: string }> = {
  "登 录": "app/(auth)/login/login-form.tsx",
  密码修改: "app/(app)/layout.tsx",
  用户注销: "app/(app)/layout.tsx",
  修改密码: "app/(app)/account/password/password-form.tsx",
  开始绑定: "app/(app)/account/password/security-panels.tsx",
  确认绑定: "app/(app)/account/password/security-panels.tsx",
  退出其他会话: "app/(app)/account/password/security-panels.tsx",
  "验 证": "app/(auth)/login/totp/totp-form.tsx",
  重置动态口令: "app/(app)/admin/users/[id]/account-panel.tsx",
  保存: "components/tasks/task-form.tsx",
  打印通知单: "components/tasks/print-button.tsx",
  督查通知单: "app/(app)/tasks/[id]/page.tsx",
  变更申请: "app/(app)/messages/unit-members/page.tsx",
  重新发送: "app/(app)/messages/notifications/resend-button.tsx",
  签收: "lib/domain/workflow/side-step-rules.ts",
  批准: "lib/domain/workflow/side-step-rules.ts",
  不批准: "lib/domain/workflow/side-step-rules.ts",
  撤回申请: "lib/domain/workflow/side-step-rules.ts",
  同意并报督查室: "lib/domain/workflow/side-step-rules.ts",
  申请延期: "lib/domain/workflow/side-step-rules.ts",
  // The uploader's button is "选择" + its label (附件).
  选择附件: { file: "components/attachments/uploader.tsx", shows: "选择{label}" },
  拍照上传: "components/attachments/uploader.tsx",
  送审签: "components/tasks/action-panel.tsx",
  提交反馈: "components/tasks/action-panel.tsx",
  催办: "lib/domain/workflow/side-step-rules.ts",
};

function allTexts(): string[] {
  return HELP_CHAPTERS.flatMap((c) =>
    c.sections.flatMap((s) =>
      s.blocks.flatMap((b) => {
        switch (b.kind) {
          case "p":
          case "note":
            return [b.text];
          case "steps":
          case "list":
            return b.items;
          case "table":
            return [...b.head, ...b.rows.flat()];
          case "screen":
            return [b.caption];
        }
      }),
    ),
  );
}

describe("操作手册", () => {
  it("has unique chapter slugs and section ids", () => {
    const slugs = HELP_CHAPTERS.map((c) => c.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const chapter of HELP_CHAPTERS) {
      const ids = chapter.sections.map((s) => s.id);
      expect(new Set(ids).size, chapter.slug).toBe(ids.length);
    }
  });

  it("shows only screenshots the e2e spec captures, each committed, and every captured one is shown", () => {
    const referenced = referencedScreens();
    for (const name of referenced) expect(HELP_SCREEN_NAMES, `screen ${name}`).toContain(name);
    expect(new Set(referenced)).toEqual(new Set(HELP_SCREEN_NAMES));
    for (const name of HELP_SCREEN_NAMES) {
      const file = path.join(root, HELP_SCREEN_DIR, helpScreenFile(name));
      expect(existsSync(file), `${file} (run e2e/help-screenshots.spec.ts)`).toBe(true);
      expect(readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    }
  });

  it("names only menus and buttons that exist", () => {
    const known = new Set<string>([
      ...NAVIGATION.flatMap((g) => [g.label, ...g.items.map((i) => i.label)]),
      ...Object.values(TASK_ACTION_LABELS),
      ...Object.values(ASSIGNMENT_ACTION_LABELS),
      ...Object.values(FONT_SIZE_LABELS),
    ]);
    const named = new Set(allTexts().flatMap((t) => [...t.matchAll(/【([^】]+)】/g)].map((m) => m[1]!)));
    expect(named.size).toBeGreaterThan(20);
    for (const name of named) {
      if (known.has(name)) continue;
      const source = OTHER_UI_TEXTS[name];
      expect(source, `【${name}】 is not a menu entry or workflow button; add where it is shown to OTHER_UI_TEXTS`).toBeDefined();
      const { file, shows } = typeof source === "string" ? { file: source, shows: name } : source!;
      expect(readFileSync(path.join(root, file), "utf8"), `${file} shows “${name}”`).toContain(shows);
    }
  });

  it("is downloadable as a PDF with at least a page per chapter", () => {
    const file = path.join(root, HELP_PDF_PATH);
    expect(existsSync(file), `${file} (run e2e/help-screenshots.spec.ts)`).toBe(true);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(HELP_CHAPTERS.length);
  });
});
