/**
 * Small helpers every capability may use (exception causes, hashing, watched files): no domain, no Spring beans.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN, displayName = "Common")
package io.poshub.common;

import org.springframework.modulith.ApplicationModule;
