-- The Vipps payments the hub took for the sample days, as it keeps them (times in UTC): captures and refunds are
-- events of their day. NCR store 002 is in Europe/Oslo (UTC+1 in November), Jesta 0450 and Counterpoint 001 in
-- America/Toronto (UTC-5).
INSERT INTO payment (reference, merchant, store, currency, amount, state, authorized, captured, refunded, created_at, expires_at) VALUES
  ('ncr-5006', 'demo', '002', 'NOK', 16388, 'AUTHORIZED', 16388, 16388, 0, '2026-11-02 09:31:00', '2026-11-02 09:36:00'),
  ('ncr-4972', 'demo', '002', 'NOK', 15157, 'AUTHORIZED', 15157, 15157, 15157, '2026-10-30 12:00:00', '2026-10-30 12:05:00'),
  ('ncr-5024', 'demo', '002', 'NOK', 3657, 'AUTHORIZED', 3657, 3657, 0, '2026-11-02 16:20:00', '2026-11-02 16:25:00'),
  ('jesta-70011', 'demo', '0450', 'CAD', 19953, 'AUTHORIZED', 19953, 19953, 0, '2026-11-02 16:00:00', '2026-11-02 16:05:00'),
  ('jesta-70014', 'demo', '0450', 'CAD', 22713, 'AUTHORIZED', 22713, 22713, 0, '2026-11-02 17:00:00', '2026-11-02 17:05:00'),
  ('jesta-70016', 'demo', '0450', 'CAD', 11500, 'AUTHORIZED', 11500, 11500, 0, '2026-11-02 18:00:00', '2026-11-02 18:05:00'),
  ('jesta-70017', 'demo', '0450', 'CAD', 38974, 'AUTHORIZED', 38974, 38974, 28506, '2026-11-02 19:00:00', '2026-11-02 19:05:00'),
  ('jesta-70018', 'demo', '0450', 'CAD', 2818, 'AUTHORIZED', 2818, 2818, 0, '2026-11-02 20:00:00', '2026-11-02 20:05:00'),
  ('cp-1107', 'demo', '001', 'CAD', 20677, 'AUTHORIZED', 20677, 20677, 0, '2026-11-03 15:00:00', '2026-11-03 15:05:00');

INSERT INTO payment_event (payment_id, action, state, amount, source, created_at)
SELECT id, 'CAPTURE', 'AUTHORIZED', captured, 'TILL', created_at + INTERVAL 1 MINUTE FROM payment
 WHERE reference IN ('ncr-5006', 'ncr-4972', 'ncr-5024', 'jesta-70011', 'jesta-70014', 'jesta-70016', 'jesta-70017', 'jesta-70018', 'cp-1107');
-- 5012 returned what 4972 bought three days before; 70020 returned part of 70017 the same day.
INSERT INTO payment_event (payment_id, action, state, amount, source, created_at)
SELECT id, 'REFUND', 'AUTHORIZED', 15157, 'TILL', '2026-11-02 11:14:00' FROM payment WHERE reference = 'ncr-4972';
INSERT INTO payment_event (payment_id, action, state, amount, source, created_at)
SELECT id, 'REFUND', 'AUTHORIZED', 28506, 'TILL', '2026-11-02 21:00:00' FROM payment WHERE reference = 'jesta-70017';
