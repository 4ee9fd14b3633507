package io.poshub.sale;

/** What becomes of a new sale: the {@code sale.status} it is written with, or REJECTED (not written at all). */
enum Fate { BOOKED, PARKED, ANONYMOUS, REJECTED }
