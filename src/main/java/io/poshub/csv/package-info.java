/**
 * CSV as the tills write it: RFC 4180 records (quotes, doubled quotes, line breaks inside quotes), amounts in
 * every local style, blank-to-null values, and the Bindy binder that turns a record's fields into a model object.
 */
@ApplicationModule(displayName = "CSV", allowedDependencies = "common")
package io.poshub.csv;

import org.springframework.modulith.ApplicationModule;
