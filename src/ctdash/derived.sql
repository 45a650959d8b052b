-- fact_spans: every fact with what the app's queries derive from the data alone, whatever the
-- filters: its year span and its data-quality links. `ctdash build` stores it as a table next to
-- the curated ones (and a Parquet catalogue as a view), so no query plans these joins again:
-- they were two thirds of every facts query's time (ctdash.queries.FACTS_CTE reads this).
--
-- A fact's span is its year, else its period, else its source's period (data/README.md, "Periods
-- and the year filter"). Conflicts: a fact is "superseded" when a conflict names another fact as
-- the one shown and both measure the same thing over the same span (same metric, year, period and
-- working group); `conflict_ids` lists every conflict naming the fact.
WITH conflict_refs AS (
    SELECT conflict_id, trim(split_part(shown, ':', 1)) AS shown_id,
           unnest(string_split(trim(refs), ' ')) AS ref
    FROM conflicts
),
fact_conflicts AS (
    SELECT ref AS fact_id, string_agg(DISTINCT conflict_id, ' ' ORDER BY conflict_id) AS conflict_ids
    FROM conflict_refs GROUP BY ref
),
superseded AS (
    SELECT a.fact_id, min(s.fact_id) AS shown_id
    FROM conflict_refs c
    JOIN facts a ON a.fact_id = c.ref
    JOIN facts s ON s.fact_id = c.shown_id
    WHERE a.fact_id <> s.fact_id AND a.metric = s.metric
      AND a.year IS NOT DISTINCT FROM s.year
      AND a.period_start IS NOT DISTINCT FROM s.period_start
      AND a.period_end IS NOT DISTINCT FROM s.period_end
      AND a.wg_id IS NOT DISTINCT FROM s.wg_id
    GROUP BY a.fact_id
)
SELECT f.*,
    coalesce(f.year, year(f.period_start), year(f.period_end), year(s.period_start)) AS y_from,
    coalesce(f.year, year(f.period_end), year(f.period_start), year(s.period_end)) AS y_to,
    sup.shown_id AS superseded_by,
    fc.conflict_ids
FROM facts f
JOIN sources s USING (source_id)
LEFT JOIN superseded sup USING (fact_id)
LEFT JOIN fact_conflicts fc USING (fact_id)
