/**
 * The HTTP side every capability shares: who may call (admin login, tills' X-Api-Key), whose merchant a request
 * is for, and errors as problem JSON. It knows no capability: a capability's own errors carry their status.
 */
@ApplicationModule(displayName = "Web", allowedDependencies = {"common"})
package io.poshub.web;

import org.springframework.modulith.ApplicationModule;
