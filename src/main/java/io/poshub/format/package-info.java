/**
 * POS files into rows: one sub-package per layout (Counterpoint, NCR, SpringBoard, Jesta) on a small shared base
 * with Bindy models, and the generic layout a mapping describes. Every row is parsed or carries its reason.
 */
@ApplicationModule(displayName = "Formats", allowedDependencies = {"csv :: api", "mapping :: api", "common"})
package io.poshub.format;

import org.springframework.modulith.ApplicationModule;
