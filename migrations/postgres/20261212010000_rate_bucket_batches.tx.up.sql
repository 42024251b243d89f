-- Charges of many callers in one round trip (ratelimit's combiner): every charge waiting
-- while the previous batch ran goes to the database as one call of rate_buckets_apply.
-- Each element is one bucket's take, give or check at its own time, exactly as chargeSQL
-- and giveSQL do it on their own: refill for the time since the bucket was last charged
-- (never backwards, at most full), then take the points if they fit (a refused take takes
-- nothing), give them back (at most full), or only report whether they would fit (a
-- check). A bucket that does not exist is full.
--
-- kinds: 0 take, 1 give, 2 check. The caller orders the elements: gates first, then the
-- rest, each part by key with a key's elements in the order they arrived. A key's
-- elements run one after the other against one locked row (one write for the run), so
-- locks are taken in key order within each part and two calls never wait on each other in
-- a cycle; a run of checks alone reads the row without locking or writing it. An element
-- whose gate (the 1-based index of an earlier element, 0 for none) was refused is skipped:
-- its bucket is not touched (applied false). Returns one row per element, in the order
-- given: what the bucket holds after it, whether it fitted, whether it was applied.
CREATE FUNCTION rate_buckets_apply(nows BIGINT[], keys TEXT[], points INT[], caps INT[],
    refills DOUBLE PRECISION[], kinds INT[], gates INT[])
RETURNS TABLE (tokens DOUBLE PRECISION, admitted BOOLEAN, applied BOOLEAN)
LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    n     INT := coalesce(array_length(keys, 1), 0);
    ok    BOOLEAN[] := array_fill(false, ARRAY[n]);
    act   BOOLEAN[] := array_fill(false, ARRAY[n]);
    lft   DOUBLE PRECISION[] := array_fill(NULL::DOUBLE PRECISION, ARRAY[n]);
    i     INT := 1;
    j     INT;
    k     INT;
    t     DOUBLE PRECISION;
    at    BIGINT;
    last  BOOLEAN;
    live  BOOLEAN;
    write BOOLEAN;
BEGIN
    WHILE i <= n LOOP
        j := i;
        live := false;
        write := false;
        WHILE j <= n AND keys[j] = keys[i] LOOP
            IF gates[j] = 0 OR ok[gates[j]] THEN
                live := true;
                write := write OR kinds[j] <> 2;
            END IF;
            j := j + 1;
        END LOOP;
        IF write THEN
            INSERT INTO rate_buckets AS b (key, tokens, refilled_at_us, admitted)
                VALUES (keys[i], caps[i], nows[i], true)
                ON CONFLICT (key) DO UPDATE SET admitted = b.admitted
                RETURNING b.tokens, b.refilled_at_us, b.admitted INTO t, at, last;
        ELSIF live THEN
            SELECT b.tokens, b.refilled_at_us INTO t, at FROM rate_buckets AS b WHERE b.key = keys[i];
            IF NOT FOUND THEN
                t := caps[i];
                at := nows[i];
            END IF;
        END IF;
        IF live THEN
            FOR k IN i .. j - 1 LOOP
                CONTINUE WHEN gates[k] <> 0 AND NOT ok[gates[k]];
                act[k] := true;
                IF kinds[k] = 2 THEN
                    -- A check changes nothing, not even the refill's time.
                    lft[k] := least(caps[k], t + greatest(nows[k] - at, 0) * refills[k]);
                    ok[k] := lft[k] >= points[k];
                    CONTINUE;
                END IF;
                t := least(caps[k], t + greatest(nows[k] - at, 0) * refills[k]);
                at := greatest(at, nows[k]);
                IF kinds[k] = 1 THEN
                    t := least(caps[k], t + points[k]);
                    ok[k] := true;
                ELSIF t >= points[k] THEN
                    t := t - points[k];
                    ok[k] := true;
                    last := true;
                ELSE
                    last := false;
                END IF;
                lft[k] := t;
            END LOOP;
        END IF;
        IF write THEN
            UPDATE rate_buckets SET tokens = t, refilled_at_us = at, admitted = last WHERE key = keys[i];
        END IF;
        i := j;
    END LOOP;
    RETURN QUERY SELECT lft[e], ok[e] AND act[e], act[e] FROM generate_series(1, n) AS e ORDER BY e;
END $$;
