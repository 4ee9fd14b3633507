-- A gift card bought or registered by a member (contract §19, #32): the member it belongs to, for the member's page and
-- export. The card stays the merchant's; spending it needs no member.
ALTER TABLE gift_card
    ADD COLUMN owner_member_id BIGINT NULL COMMENT 'the member who bought or registered it',
    ADD KEY ix_gift_card_owner (owner_member_id);
