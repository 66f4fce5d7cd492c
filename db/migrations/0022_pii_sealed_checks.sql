-- Personal data is stored only sealed (SM4, lib/crypto/sm4-field.ts): a statement that writes a clear mobile
-- number, or a number without its blind index, is refused by the database. NOT VALID: rows written before
-- this release are sealed by `npm run db:seed` at start (lib/crypto/seal-rows.ts), which also validates.
ALTER TABLE "users" ADD CONSTRAINT "users_mobile_sealed" CHECK ("mobile" IS NULL OR ("mobile" LIKE 'v1:%' AND "mobile_index" IS NOT NULL)) NOT VALID;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_mobile_sealed" CHECK ("mobile" IS NULL OR ("mobile" LIKE 'v1:%' AND "mobile_index" IS NOT NULL)) NOT VALID;--> statement-breakpoint
ALTER TABLE "member_change_requests" ADD CONSTRAINT "member_change_requests_mobile_sealed" CHECK (("details"->>'mobile') IS NULL OR ("details"->>'mobile') LIKE 'v1:%') NOT VALID;
