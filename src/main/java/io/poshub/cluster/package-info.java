/** Several nodes: the cluster service that elects, per feed, the one node that reads it. */
@ApplicationModule(displayName = "Cluster", allowedDependencies = {})
package io.poshub.cluster;

import org.springframework.modulith.ApplicationModule;
