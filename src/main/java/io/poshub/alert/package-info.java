/**
 * Alerts: one JSON message per event (a feed late and back, a file failed, a store-day that does not close) to the
 * Camel endpoint {@code poshub.alerts.endpoint}, written with the change that raised it and sent after, retried until
 * the endpoint takes it — never on the thread that books.
 */
@ApplicationModule(displayName = "Alerts", allowedDependencies = {"member :: api", "common"})
package io.poshub.alert;

import org.springframework.modulith.ApplicationModule;
