/**
 * Who changed what: every change a person makes through the API (recorded as it is answered, under the operation's
 * name), with what changed as the capability notes it ({@link io.poshub.audit.AuditDetails}), and every failed login;
 * the trail for admins ({@code GET /api/audit}).
 */
@ApplicationModule(displayName = "Audit", allowedDependencies = {"web :: api", "db", "common"})
package io.poshub.audit;

import org.springframework.modulith.ApplicationModule;
