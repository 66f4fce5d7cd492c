-- 任务检索 of two-character words: the distinct lower-cased character pairs of a text. IMMUTABLE so that a
-- generated column and its GIN index can use it; the search asks search_bigrams @> dcdb_bigrams(term) and
-- rechecks the term with ILIKE (pairs in any order are not the substring).
CREATE OR REPLACE FUNCTION dcdb_bigrams(s text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(x.l, i, 2)), '{}'::text[])
  FROM (SELECT lower(s) AS l) x, generate_series(1, length(x.l) - 1) AS i
$$;
