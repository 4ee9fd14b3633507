-- Whether a sale was paid with a mobile-payment tender (the mapping's mobilePaymentTenders): reconciliation's sales.
ALTER TABLE sale ADD COLUMN mobile_payment BOOLEAN NOT NULL DEFAULT FALSE AFTER tender;
ALTER TABLE sale ADD KEY ix_sale_store_day (store, business_date);
