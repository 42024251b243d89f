-- Who answers for a merchant (业务员): the staff member told about the merchant's
-- waybills among a consignment station's anomalies. Of the same branch as the client.
ALTER TABLE partner_clients ADD COLUMN salesperson_id TEXT REFERENCES staff (id);
--bun:split
-- Anomaly alerts of a station's month, each sent once: to the depot's supervisors
-- (RECONCILIATION_ANOMALIES, partner_client_id '') and to the salesperson of each
-- merchant with waybills among the anomalies (RECONCILIATION_MERCHANT_ANOMALIES,
-- partner_client_id the merchant). Running the reconciliation again sends nothing twice.
CREATE TABLE reconciliation_alerts (
    station_id         TEXT NOT NULL REFERENCES consignment_stations (id),
    month              TEXT NOT NULL,
    kind               TEXT NOT NULL CHECK (kind IN ('RECONCILIATION_ANOMALIES', 'RECONCILIATION_MERCHANT_ANOMALIES')),
    partner_client_id  TEXT NOT NULL DEFAULT '',
    anomalies          INTEGER NOT NULL,
    sent_at            TIMESTAMP NOT NULL,
    PRIMARY KEY (station_id, month, kind, partner_client_id)
);
