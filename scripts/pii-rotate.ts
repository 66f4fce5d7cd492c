import { openConfigured } from "@/db/client";
import { currentKeyring } from "@/lib/crypto/pii";
import { sealedKeyCounts, sealPiiRows } from "@/lib/crypto/seal-rows";

/**
 * `npm run pii:rotate`: re-encrypts every stored mobile number (users, notifications, 变更申请) with the
 * current key PII_KEY / PII_KEY_ID and recomputes the blind indexes, in keyset batches; the old keys named in
 * PII_OLD_KEYS open what they sealed. Idempotent: run it again after an interruption. With PGlite, stop the
 * app first (one process per data folder). Afterwards the old key may be removed from PII_OLD_KEYS.
 */
async function main() {
  const handle = openConfigured();
  try {
    const ring = currentKeyring();
    console.log(`当前密钥：${ring.current.id}；可读旧密钥：${ring.all.slice(1).map((k) => k.id).join("、") || "无"}`);
    console.log("轮换前：", await sealedKeyCounts(handle.db));
    const report = await sealPiiRows(handle.db, { rotate: true });
    console.log(`已重新加密：用户 ${report.users}、通知 ${report.notifications}、变更申请 ${report.memberChanges}`);
    const after = await sealedKeyCounts(handle.db);
    console.log("轮换后：", after);
    const others = Object.keys(after).filter((k) => k !== ring.current.id);
    if (others.length > 0) throw new Error(`仍有数据未使用当前密钥：${others.join("、")}`);
    console.log(`完成：所有手机号均由密钥 ${ring.current.id} 加密，可以从 PII_OLD_KEYS 中移除旧密钥`);
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error("个人信息密钥轮换失败:", error instanceof Error ? error.message : error);
  process.exit(1);
});
