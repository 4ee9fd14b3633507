-- ix_sale_orig_lookup (merchant, store, register, ticket) is a prefix of uk_sale_identity, which serves the
-- look-up of a return's original as well: one index less to maintain on every sale written.
ALTER TABLE sale DROP KEY ix_sale_orig_lookup;
