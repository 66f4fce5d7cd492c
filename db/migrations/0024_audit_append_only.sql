-- Last rewrite of the audit log, before it becomes append-only: earlier releases wrote whole mobile numbers into
-- the before/after snapshots of user changes and 变更申请; they are masked here (138****5678), in SQL (no key is
-- needed). From now on snapshots are written masked (lib/services/admin/users/user-snapshot.ts) and nothing may
-- change a row. The same statements are exercised by lib/crypto/pii.int.test.ts.
UPDATE audit_logs
  SET detail = jsonb_set(detail, '{before,mobile}', to_jsonb(CASE WHEN detail #>> '{before,mobile}' ~ '^1[3-9][0-9]{9}$'
                 THEN left(detail #>> '{before,mobile}', 3) || '****' || right(detail #>> '{before,mobile}', 4) ELSE '（号码无效）' END))
  WHERE (action LIKE 'admin.user.%' OR action = 'unit.member_change.request')
    AND jsonb_typeof(detail #> '{before,mobile}') = 'string'
    AND detail #>> '{before,mobile}' !~ '^(1[3-9][0-9]\*{4}[0-9]{4}|（号码无效）|—)?$';
--> statement-breakpoint
UPDATE audit_logs
  SET detail = jsonb_set(detail, '{after,mobile}', to_jsonb(CASE WHEN detail #>> '{after,mobile}' ~ '^1[3-9][0-9]{9}$'
                 THEN left(detail #>> '{after,mobile}', 3) || '****' || right(detail #>> '{after,mobile}', 4) ELSE '（号码无效）' END))
  WHERE (action LIKE 'admin.user.%' OR action = 'unit.member_change.request')
    AND jsonb_typeof(detail #> '{after,mobile}') = 'string'
    AND detail #>> '{after,mobile}' !~ '^(1[3-9][0-9]\*{4}[0-9]{4}|（号码无效）|—)?$';
--> statement-breakpoint
UPDATE audit_logs
  SET detail = jsonb_set(detail, '{after,details,mobile}', to_jsonb(CASE WHEN detail #>> '{after,details,mobile}' ~ '^1[3-9][0-9]{9}$'
                 THEN left(detail #>> '{after,details,mobile}', 3) || '****' || right(detail #>> '{after,details,mobile}', 4) ELSE '（号码无效）' END))
  WHERE (action LIKE 'admin.user.%' OR action = 'unit.member_change.request')
    AND jsonb_typeof(detail #> '{after,details,mobile}') = 'string'
    AND detail #>> '{after,details,mobile}' !~ '^(1[3-9][0-9]\*{4}[0-9]{4}|（号码无效）|—)?$';
--> statement-breakpoint
-- 操作日志 (audit_logs) and 流转记录 (task_events) are append-only: the database refuses any UPDATE,
-- DELETE or TRUNCATE of them, whoever asks through the normal trigger path. Rows are chained by an
-- SM3 HMAC written by the app (lib/services/audit-chain.ts), so a change made around these triggers
-- (a superuser disabling them) is still found by `npm run audit:verify`.
CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% 只允许追加记录，不能 % (append-only)', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = '操作日志与流转记录不可修改或删除';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
--> statement-breakpoint
CREATE TRIGGER audit_logs_no_truncate BEFORE TRUNCATE ON audit_logs
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
--> statement-breakpoint
CREATE TRIGGER task_events_append_only BEFORE UPDATE OR DELETE ON task_events
  FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change();
--> statement-breakpoint
CREATE TRIGGER task_events_no_truncate BEFORE TRUNCATE ON task_events
  FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change();
