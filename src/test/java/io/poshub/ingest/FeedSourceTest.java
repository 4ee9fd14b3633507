package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.poshub.PoshubProperties;
import io.poshub.support.FormatTesting;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FeedSourceTest {

    private final PoshubProperties properties = FormatTesting.properties(Path.of("/srv/poshub/data"), Path.of("mappings"));

    @Test
    void folderSourceWaitsForCompleteFilesAndArchivesThem() {
        String uri = FeedSource.consumerUri("store-001", "file:data/inbox/store-001", properties);
        assertThat(uri).startsWith("file:data/inbox/store-001?")
                .contains("readLock=changed", "readLockMinAge=1000", "readLockMinLength=0", "delay=500",
                        "antExclude=.*,*.tmp,*.part,*.filepart",
                        "move=/srv/poshub/data/${exchangeProperty.poshubOutcome}/store-001/", "pollStrategy=#poshubPollStrategy",
                        "exceptionHandler=#poshubPollStrategy");
    }

    @Test
    void aClusteredFeedConsumesUnderMasterAndStillCountsAsAFolder() {
        String uri = FeedSource.clustered("store-001", FeedSource.consumerUri("store-001", "file:data/inbox/store-001", properties));
        assertThat(uri).startsWith("master:poshub-store-001:file:data/inbox/store-001?");
        assertThat(FeedSource.isFolder(uri)).isTrue();
        assertThat(FeedSource.isFolder("master:poshub-s:sftp://till@pos.example:22/outbox?x=1")).isFalse();
        assertThat(FeedSource.isFolder("file:in")).isTrue();
    }

    @Test
    void adminOptionsWinAndADoneFileReplacesTheReadLock() {
        String uri = FeedSource.consumerUri("s", "file:in?doneFileName=${file:name}.done&delay=2000", properties);
        assertThat(uri).contains("doneFileName=${file:name}.done", "delay=2000").doesNotContain("readLock=");
    }

    @Test
    void sftpSourceUsesKeyAuthAndStrictHostKeys() {
        String uri = FeedSource.consumerUri("s", "sftp://till@pos.example:22/outbox", properties);
        assertThat(uri).contains("strictHostKeyChecking=yes", "knownHostsFile=/keys/known_hosts",
                "privateKeyFile=/keys/id_ed25519", "useUserKnownHostsFile=false", "move=.${exchangeProperty.poshubOutcome}/",
                "throwExceptionOnConnectFailed=true");
    }

    @Test
    void sftpWithoutHostKeyCheckingIsRefused() {
        assertThatThrownBy(() -> FeedSource.consumerUri("s", "sftp://till@pos.example/outbox?strictHostKeyChecking=no", properties))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictHostKeyChecking=no is refused");
    }

    @Test
    void otherSchemesAreRefused() {
        assertThatThrownBy(() -> FeedSource.consumerUri("s", "http://example.org/x.csv", properties))
                .hasMessageContaining("must start with file: or sftp:");
    }
}
