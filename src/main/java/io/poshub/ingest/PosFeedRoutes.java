package io.poshub.ingest;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.stereotype.Component;

/**
 * The {@code pos-feed} route template (contract §2). A feed is a route made from it in
 * {@code routes/*.camel.yaml}: a file arrives at the feed's source → hashed and recorded → the
 * file-level idempotent repository drops a duplicate (DUPLICATE_FILE) → the file is read as a
 * stream of ticket chunks → each chunk is booked in one transaction → the import closes with its
 * counts → the file moves to archive/. Error path: {@link FeedErrorPolicy}.
 */
@Component
class PosFeedRoutes extends RouteBuilder {

    static final String TEMPLATE = "pos-feed";
    private static final String STEPS = "poshubImportSteps";

    private final FeedDefinitions feeds;
    private final JdbcMessageIdRepository fileRepository;

    PosFeedRoutes(FeedDefinitions feeds, JdbcMessageIdRepository fileRepository) {
        this.feeds = feeds;
        this.fileRepository = fileRepository;
    }

    @Override
    public void configure() {
        getCamelContext().getCamelContextExtension().getContextPlugin(Model.class)
                .addRouteTemplateDefinitionConverter(TEMPLATE, this::instantiate);

        routeTemplate(TEMPLATE)
                .templateParameter("feed", null, "the feed's name, as imports and metrics show it")
                .templateParameter("source", null, "file:<folder> or sftp://user@host:port/<folder>, options allowed")
                .templateParameter("mapping", null, "the name of a file in mappings/, without .yaml")
                .from("{{sourceUri}}")
                .routeConfigurationId(FeedErrorPolicy.ID)
                .routeDescription("POS feed {{feed}} read with mapping {{mapping}}")
                .bean(STEPS, "receive(*, '{{feed}}', '{{mapping}}')").id("receive-file")
                .idempotentConsumer(method(STEPS, "fileKey"), fileRepository)
                    .eager(false).skipDuplicate(false).id("file-idempotency")
                    .choice().id("duplicate-file?")
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .bean(STEPS, "markDuplicate").id("mark-duplicate-file")
                        .otherwise()
                            .bean(STEPS, "start").id("start-import")
                            .split(method(STEPS, "chunks")).streaming().stopOnException().id("split-ticket-chunks")
                                .bean(STEPS, "book").id("book-chunk")
                            .end()
                            .bean(STEPS, "finish").id("finish-import")
                    .end()
                .end();
    }

    /**
     * Checks a feed before it exists — the mapping must load, the source must be one poshub can run safely —
     * and adds the consumer URI with poshub's defaults. Node ids get the feed as prefix so every feed's steps
     * read apart in Hawtio and JMX.
     */
    private RouteDefinition instantiate(RouteTemplateDefinition template, Map<String, Object> parameters) throws Exception {
        String feed = String.valueOf(parameters.get("feed"));
        parameters.put("sourceUri", feeds.check(parameters.get("feed"), parameters.get("source"), parameters.get("mapping")));
        RouteDefinition route = RouteTemplateDefinition.Converter.DEFAULT_CONVERTER.apply(template, parameters);
        route.setNodePrefixId(feed + "-");
        return route;
    }
}
