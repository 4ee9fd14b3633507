package io.poshub.ingest;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.routes.*}: the components a feed's source may use. The hub runs {@code file} and {@code sftp} sources
 * (FTP and FTPS are not among the sources it knows how to run safely yet): the list can only narrow that.
 */
@ConfigurationProperties("poshub.routes")
public record RouteProperties(@DefaultValue({"file", "sftp"}) List<String> allowedSources) {
}
