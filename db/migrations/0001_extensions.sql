-- pg_trgm powers Chinese substring search (任务检索) with GIN trigram indexes; both PGlite (contrib)
-- and the PostgreSQL server (postgresql-contrib) ship it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
