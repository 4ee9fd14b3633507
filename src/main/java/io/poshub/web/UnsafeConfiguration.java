package io.poshub.web;

/**
 * A setting the hub will not run with (contract §16): a weak admin password outside the embedded run, a user's
 * password that is not a BCrypt hash. The start fails with its message as the one line to read.
 */
public final class UnsafeConfiguration extends RuntimeException {

    UnsafeConfiguration(String message) {
        super(message);
    }
}
