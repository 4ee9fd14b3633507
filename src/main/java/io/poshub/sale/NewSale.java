package io.poshub.sale;

/** A sale the chunk brings that the hub has not seen: its fate and member, and what it earned. */
record NewSale(MemberResolution.Resolved resolved, ChunkEarnings.Earned earned) {

    SaleDraft draft() {
        return resolved.draft();
    }

    Fate fate() {
        return resolved.fate();
    }
}
