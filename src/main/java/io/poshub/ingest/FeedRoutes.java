package io.poshub.ingest;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.stereotype.Component;

/**
 * The route templates of feeds (contract §2, §11). A feed is a route made from one in {@code routes/*.camel.yaml}.
 * Both give a file the same life: it arrives at the feed's source → hashed and recorded → the file-level idempotent
 * repository drops a duplicate (DUPLICATE_FILE) → read → the import closes with its counts → archive/. Then
 * {@code pos-feed} reads sales as a stream of ticket chunks, each booked in one transaction (or, when its mapping has
 * {@code format: zreport}, a file of Z-reports in one); {@code member-feed} reads the member CSV of its merchant. Error path: {@link FeedErrorPolicy}.
 */
@Component
class FeedRoutes extends RouteBuilder {

    static final String SALES = "pos-feed";
    static final String MEMBERS = "member-feed";
    private static final String STEPS = "poshubImportSteps";
    private static final String EXPECT = "when files are due, e.g. 'daily 06:00' (the file for a day by 06:00 the next); "
            + "unset: whenever they come";

    private final FeedDefinitions feeds;
    private final JdbcMessageIdRepository fileRepository;

    FeedRoutes(FeedDefinitions feeds, JdbcMessageIdRepository fileRepository) {
        this.feeds = feeds;
        this.fileRepository = fileRepository;
    }

    @Override
    public void configure() {
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        model.addRouteTemplateDefinitionConverter(SALES, (template, parameters) -> instantiate(template, parameters,
                feeds.check(parameters.get("feed"), parameters.get("source"), parameters.get("mapping"), parameters.get("expect"))));
        model.addRouteTemplateDefinitionConverter(MEMBERS, (template, parameters) -> instantiate(template, parameters,
                feeds.checkMembers(parameters.get("feed"), parameters.get("source"), parameters.get("merchant"), parameters.get("expect"))));

        onceEach(routeTemplate(SALES)
                .templateParameter("feed", null, "the feed's name, as imports and metrics show it")
                .templateParameter("source", null, "file:<folder> or sftp://user@host:port/<folder>, options allowed")
                .templateParameter("mapping", null, "the name of a file in mappings/, without .yaml")
                .templateOptionalParameter("expect", EXPECT)
                .from("{{sourceUri}}")
                .routeDescription("POS feed {{feed}} read with mapping {{mapping}}")
                .bean(STEPS, "receive(*, '{{feed}}', '{{mapping}}')").id("receive-file"))
                    .bean(STEPS, "start").id("start-import")
                    .choice().id("z-report?")
                        .when(method(STEPS, "isZReport"))
                            .bean(STEPS, "loadZReport").id("load-z-report")
                        .otherwise()
                            .split(method(STEPS, "chunks")).streaming().stopOnException().id("split-ticket-chunks")
                                .bean(STEPS, "book").id("book-chunk")
                            .end()
                    .end()
                    .bean(STEPS, "finish").id("finish-import")
                .end()
            .end();

        onceEach(routeTemplate(MEMBERS)
                .templateParameter("feed", null, "the feed's name, as imports and metrics show it")
                .templateParameter("source", null, "file:<folder> or sftp://user@host:port/<folder>, options allowed")
                .templateParameter("merchant", null, "the merchant whose members the files hold")
                .templateOptionalParameter("expect", EXPECT)
                .from("{{sourceUri}}")
                .routeDescription("Member feed {{feed}} of merchant {{merchant}}")
                .bean(STEPS, "receiveMembers(*, '{{feed}}')").id("receive-file"))
                    .bean(STEPS, "loadMembers(*, '{{merchant}}')").id("load-members")
                    .bean(STEPS, "finish").id("finish-import")
                .end()
            .end();
    }

    /**
     * The common middle of both: the feed's error policy, the file-level idempotent repository, and a duplicate file
     * marked as such; answers the branch a new file takes, for the template to read it.
     */
    private ChoiceDefinition onceEach(RouteDefinition received) {
        return received
                .routeConfigurationId(FeedErrorPolicy.ID)
                .idempotentConsumer(method(STEPS, "fileKey"), fileRepository)
                    .eager(false).skipDuplicate(false).id("file-idempotency")
                    .choice().id("duplicate-file?")
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .bean(STEPS, "markDuplicate").id("mark-duplicate-file")
                        .otherwise();
    }

    /**
     * A feed, once checked — the mapping must load or the merchant be named, the source must be one poshub can run
     * safely — with the consumer URI and poshub's defaults. Node ids get the feed as prefix so every feed's steps read
     * apart in Hawtio and JMX.
     */
    private static RouteDefinition instantiate(RouteTemplateDefinition template, Map<String, Object> parameters, String sourceUri)
            throws Exception {
        parameters.put("sourceUri", sourceUri);
        RouteDefinition route = RouteTemplateDefinition.Converter.DEFAULT_CONVERTER.apply(template, parameters);
        route.setNodePrefixId(parameters.get("feed") + "-");
        return route;
    }
}
