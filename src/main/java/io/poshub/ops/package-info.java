/** What spans every capability for the operator: the admin page, and masking of member keys in every log line. */
@ApplicationModule(displayName = "Operations", allowedDependencies = {})
package io.poshub.ops;

import org.springframework.modulith.ApplicationModule;
