-- A failed webhook attempt records the class of its failure (TIMEOUT, CONNECTION_REFUSED,
-- TLS, HTTP_STATUS, ADDRESS_NOT_ALLOWED, ...), never the error text of the HTTP client,
-- which could name an address inside our network or carry an OS error string. Attempts
-- logged before this change are reduced to their class.
ALTER TABLE webhook_attempts RENAME COLUMN error TO failure;
--bun:split
ALTER TABLE webhook_deliveries RENAME COLUMN last_error TO last_failure;
--bun:split
UPDATE webhook_attempts SET failure = CASE
    WHEN status_code BETWEEN 300 AND 399 THEN 'REDIRECT'
    WHEN status_code IS NOT NULL THEN 'HTTP_STATUS'
    WHEN lower(failure) LIKE '%timeout%' OR lower(failure) LIKE '%deadline exceeded%' THEN 'TIMEOUT'
    WHEN lower(failure) LIKE '%connection refused%' THEN 'CONNECTION_REFUSED'
    WHEN lower(failure) LIKE '%no such host%' THEN 'DNS'
    WHEN lower(failure) LIKE '%tls%' OR lower(failure) LIKE '%x509%' OR lower(failure) LIKE '%certificate%' THEN 'TLS'
    WHEN lower(failure) LIKE '%reset%' OR lower(failure) LIKE '%eof%' OR lower(failure) LIKE '%broken pipe%' THEN 'CONNECTION_RESET'
    ELSE 'NETWORK' END
WHERE failure <> '';
--bun:split
UPDATE webhook_deliveries SET last_failure = CASE
    WHEN last_status_code BETWEEN 300 AND 399 THEN 'REDIRECT'
    WHEN last_status_code IS NOT NULL THEN 'HTTP_STATUS'
    WHEN lower(last_failure) LIKE '%timeout%' OR lower(last_failure) LIKE '%deadline exceeded%' THEN 'TIMEOUT'
    WHEN lower(last_failure) LIKE '%connection refused%' THEN 'CONNECTION_REFUSED'
    WHEN lower(last_failure) LIKE '%no such host%' THEN 'DNS'
    WHEN lower(last_failure) LIKE '%tls%' OR lower(last_failure) LIKE '%x509%' OR lower(last_failure) LIKE '%certificate%' THEN 'TLS'
    WHEN lower(last_failure) LIKE '%reset%' OR lower(last_failure) LIKE '%eof%' OR lower(last_failure) LIKE '%broken pipe%' THEN 'CONNECTION_RESET'
    ELSE 'NETWORK' END
WHERE last_failure <> '';
