package io.poshub.sale;

/**
 * A chunk written without looking its sales up first met one the hub had received before: the sale's unique key
 * refused it. The chunk is booked again from its savepoint, looking them up ({@link SaleBooker}).
 */
class SaleReceivedBefore extends RuntimeException {

    SaleReceivedBefore(Throwable cause) {
        super("a sale of the chunk was received before", cause);
    }
}
