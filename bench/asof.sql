-- bench/asof.sql: the questions of the as-of benchmark (bench/asof.md),
-- asked of a chancery store with the sqlite3 shell, as a user who has read
-- docs/schema.md would write them. Parameters, set before reading this
-- file (values in single quotes inside double quotes, or the shell
-- evaluates 2010-06-30 as arithmetic):
--
--   .parameter set :A "'P0001'"       a party of the dyad
--   .parameter set :B "'P0002'"       the other party
--   .parameter set :D "'2010-06-30'"  the day asked about (YYYY-MM-DD)
--   .parameter set :X "'P0001'"       the party whose recognitions are counted
--   .read bench/asof.sql
--
-- Each section starts with a line "-- == NAME"; bench/run_asof.sh runs the
-- sections one at a time. Every query reads current_event (the registry
-- as it stands now). Dates compare as text: day_from and day_to are
-- YYYY-MM-DD, NULL for an open end or an undated event.
--
-- What these answers lack next to chancery's (docs/queries.md):
--   - no uncertainty: an event counts once its latest possible day
--     (day_to) is on or before :D, and is ignored before that; an undated
--     event, or one with an open end, never counts. chancery says
--     "uncertain" where such an event would change the state.
--   - no implied recognition: establishing or restoring relations does
--     not make recognition "yes (implied)" here.
--   - the order of events is (day_from, day_to, id), not chancery's
--     canonical order; ties of imprecise dates may fold differently.
--   - an announce-mission after open-mission makes the mission
--     "announced" here; chancery leaves it open.
--   - organs (parties with of=) are not folded into their state.
--   - no treaties and no third parties' reactions in the dyad's status.

-- == dyad
-- The state of the dyad (:A, :B) on :D: relations, recognition each way,
-- each mission, each envoy's post. One pass over the dyad's events (the
-- CTE is materialised once), then the last event of each chain.
WITH dy AS MATERIALIZED (
  SELECT id, kind, day_from, day_to, actor, target, level, mission_type, city, person
  FROM current_event
  WHERE ((actor = :A AND target = :B) OR (actor = :B AND target = :A))
    AND day_to <= :D),
rel AS (
  SELECT * FROM dy
  WHERE kind IN ('establish-relations', 'change-relations', 'suspend-relations',
                 'sever-relations', 'restore-relations')),
rel_last AS (SELECT * FROM rel ORDER BY day_from DESC, day_to DESC, id DESC LIMIT 1),
rec AS (
  SELECT actor, target, kind, day_from, id,
         row_number() OVER (PARTITION BY actor, target
                            ORDER BY day_from DESC, day_to DESC, id DESC) AS rn
  FROM dy WHERE kind IN ('recognise', 'withdraw-recognition')),
mis AS (
  SELECT *, row_number() OVER (PARTITION BY actor, target, mission_type, mcity
                               ORDER BY day_from DESC, day_to DESC, id DESC) AS rn
  FROM (SELECT *, CASE WHEN mission_type IS NULL
                         OR mission_type IN ('embassy', 'high-commission', 'legation',
                                             'interests-section', 'permanent-mission')
                       THEN NULL ELSE city END AS mcity
        FROM dy WHERE kind IN ('announce-mission', 'open-mission', 'close-mission'))),
env AS (
  SELECT *, row_number() OVER (PARTITION BY person, actor, target
                               ORDER BY day_from DESC, day_to DESC, id DESC) AS rn
  FROM dy WHERE kind IN ('appoint-envoy', 'present-credentials', 'end-envoy'))
SELECT 'relations' AS what, :A || '-' || :B AS subject,
       CASE kind WHEN 'sever-relations' THEN 'severed'
                 WHEN 'suspend-relations' THEN 'suspended'
                 ELSE 'established' END AS state,
       -- the level: the last one recorded since the last severance
       CASE WHEN kind = 'sever-relations' THEN NULL
            ELSE (SELECT level FROM rel
                  WHERE level IS NOT NULL
                    AND day_from > coalesce((SELECT max(day_from) FROM rel
                                             WHERE kind = 'sever-relations'), '')
                  ORDER BY day_from DESC, day_to DESC, id DESC LIMIT 1) END AS detail,
       day_from AS since, id AS event
FROM rel_last
UNION ALL
SELECT 'recognition', d.actor || '>' || d.target,
       CASE r.kind WHEN 'recognise' THEN 'yes' WHEN 'withdraw-recognition' THEN 'withdrawn'
                   ELSE 'no' END,
       NULL, r.day_from, r.id
FROM (SELECT :A AS actor, :B AS target UNION ALL SELECT :B, :A) AS d
LEFT JOIN rec AS r ON r.actor = d.actor AND r.target = d.target AND r.rn = 1
UNION ALL
SELECT 'mission', actor || '>' || target || ' ' || coalesce(mission_type, '?')
                  || coalesce(' ' || mcity, ''),
       CASE kind WHEN 'announce-mission' THEN 'announced' WHEN 'open-mission' THEN 'open'
                 ELSE 'closed' END,
       city, day_from, id
FROM mis WHERE rn = 1
UNION ALL
SELECT 'envoy', person || ' ' || actor || '>' || target,
       CASE kind WHEN 'appoint-envoy' THEN 'appointed' WHEN 'present-credentials' THEN 'in-post'
                 ELSE 'ended' END,
       NULL, day_from, id
FROM env WHERE rn = 1;

-- == all_dyads
-- The relations of every dyad on :D: the last relations event of each
-- pair (either direction), and the level recorded last since the pair's
-- last severance. Pairs with no relations event by :D (state "none") get
-- no row.
WITH rel AS (
  SELECT min(actor, target) AS a, max(actor, target) AS b, kind, level, day_from, day_to, id
  FROM current_event
  WHERE kind IN ('establish-relations', 'change-relations', 'suspend-relations',
                 'sever-relations', 'restore-relations')
    AND target IS NOT NULL AND day_to <= :D),
w AS (
  SELECT *,
         row_number() OVER (PARTITION BY a, b ORDER BY day_from DESC, day_to DESC, id DESC) AS rn,
         max(CASE WHEN kind = 'sever-relations' THEN day_from END)
           OVER (PARTITION BY a, b) AS last_sever
  FROM rel),
lv AS (
  SELECT a, b, level,
         row_number() OVER (PARTITION BY a, b ORDER BY day_from DESC, day_to DESC, id DESC) AS rn
  FROM w WHERE level IS NOT NULL AND (last_sever IS NULL OR day_from > last_sever))
SELECT w.a, w.b,
       CASE w.kind WHEN 'sever-relations' THEN 'severed'
                   WHEN 'suspend-relations' THEN 'suspended'
                   ELSE 'established' END AS state,
       CASE WHEN w.kind = 'sever-relations' THEN NULL ELSE lv.level END AS level
FROM w LEFT JOIN lv ON lv.a = w.a AND lv.b = w.b AND lv.rn = 1
WHERE w.rn = 1
ORDER BY w.a, w.b;

-- == series
-- How many parties recognise :X, at every day the count changes: a
-- running sum of recognise (+1) and withdraw-recognition (-1), each
-- counted on its latest possible day (as chancery counts an uncertain
-- change). Undated recognitions and open ends are left out.
WITH rec AS (
  SELECT day_to AS day, CASE kind WHEN 'recognise' THEN 1 ELSE -1 END AS delta
  FROM current_event
  WHERE target = :X AND kind IN ('recognise', 'withdraw-recognition')
    AND day_to IS NOT NULL),
per_day AS (SELECT day, sum(delta) AS delta FROM rec GROUP BY day)
SELECT day, sum(delta) OVER (ORDER BY day) AS count
FROM per_day
ORDER BY day;

-- == recognitions
-- Who recognises :X on :D: each party's last recognition event towards
-- :X by then.
WITH rec AS (
  SELECT actor, kind,
         row_number() OVER (PARTITION BY actor ORDER BY day_from DESC, day_to DESC, id DESC) AS rn
  FROM current_event
  WHERE target = :X AND kind IN ('recognise', 'withdraw-recognition') AND day_to <= :D)
SELECT actor AS by, CASE kind WHEN 'recognise' THEN 'yes' ELSE 'withdrawn' END AS state
FROM rec
WHERE rn = 1
ORDER BY actor;
