/**
 * Mappings ({@code mappings/*.yaml}) as plain, checked config: the POS format, whose members and by which keys, the
 * unknown-member policy, the earn rules and — for {@code format: generic} — the CSV layout; read live, the last good
 * version kept, refused edits reported in {@link io.poshub.mapping.ConfigErrors}.
 */
@ApplicationModule(displayName = "Mappings", allowedDependencies = {"csv :: api", "common"})
package io.poshub.mapping;

import org.springframework.modulith.ApplicationModule;
