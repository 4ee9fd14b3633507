/**
 * Members' rights (contract §17): a member's data erased everywhere the hub keeps it, exported whole, and kept no longer
 * than the retention periods say. Each module that keeps personal data answers for its own tables; this one asks them.
 */
@ApplicationModule(displayName = "Members' rights", allowedDependencies = {"member :: api", "sale :: api", "loyalty :: api", "giftcard :: api",
        "receipt :: api", "ingest :: api", "audit :: api", "web :: api", "common"})
package io.poshub.rights;

import org.springframework.modulith.ApplicationModule;
