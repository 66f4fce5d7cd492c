CREATE TABLE "orphan_file_sightings" (
	"storage_key" text PRIMARY KEY NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL
);
