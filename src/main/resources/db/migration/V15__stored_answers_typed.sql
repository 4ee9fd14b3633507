-- A money call's first answer is kept as the outcome it was, not as an HTTP response: gift cards keep whether it was
-- a decline (the body is the decline, or the state or approval the call's type answers).
ALTER TABLE gift_card_request ADD COLUMN declined BOOLEAN NOT NULL DEFAULT FALSE AFTER idempotency_key;
UPDATE gift_card_request SET declined = (http_status >= 400);
ALTER TABLE gift_card_request DROP COLUMN http_status;

-- Redemptions keep which outcome it was (REDEEMED, REFUNDED, REFUSED); a refusal, kept before as a problem answer,
-- becomes the refusal it stated.
ALTER TABLE redemption_request ADD COLUMN outcome VARCHAR(16) NOT NULL DEFAULT 'REDEEMED' AFTER idempotency_key;
UPDATE redemption_request
   SET outcome = CASE WHEN http_status >= 400 THEN 'REFUSED'
                      WHEN JSON_EXISTS(body, '$.refundOf') THEN 'REFUNDED' ELSE 'REDEEMED' END;
UPDATE redemption_request
   SET body = JSON_OBJECT('refusal', JSON_VALUE(body, '$.code'), 'detail', JSON_VALUE(body, '$.detail'),
                          'balance', CAST(JSON_VALUE(body, '$.balance') AS SIGNED),
                          'left', CAST(JSON_VALUE(body, '$.left') AS SIGNED), 'memberStatus', NULL)
 WHERE outcome = 'REFUSED';
ALTER TABLE redemption_request DROP COLUMN http_status;
