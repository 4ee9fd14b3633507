/**
 * Mobile payments with Vipps MobilePay ePayment through Camel HTTP routes: the till's calls, signed webhooks,
 * polling, the circuit breaker and its health, and reconciliation with the sales the POS files bring.
 */
@ApplicationModule(displayName = "Payments", allowedDependencies = {"member :: api", "sale :: api", "web :: api", "db :: api", "common"})
package io.poshub.payment;

import org.springframework.modulith.ApplicationModule;
