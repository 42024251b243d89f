-- The customer look-up's guesses are counted per waybill and client address, under a
-- ceiling per waybill, in the shared token buckets (rate_buckets, keys "guess:…"; see
-- tracking.claimGuess). The per-waybill failure count that locked the real customer out
-- with everyone else is gone.
DROP TABLE tracking_lookup_failures;
