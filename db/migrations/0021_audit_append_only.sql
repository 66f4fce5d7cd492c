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
