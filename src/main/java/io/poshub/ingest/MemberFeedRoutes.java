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
 * The {@code member-feed} route template (contract §11): a CRM's member files dropped in a folder or on SFTP, with
 * the life of a sales file — read lock, hashed and recorded, a duplicate file dropped (DUPLICATE_FILE), loaded with
 * its rows counted and its bad rows listed, archive/ or error/ — but read as the member CSV of the feed's merchant.
 */
@Component
class MemberFeedRoutes extends RouteBuilder {

    static final String TEMPLATE = "member-feed";
    private static final String STEPS = "poshubImportSteps";

    private final FeedDefinitions feeds;
    private final JdbcMessageIdRepository fileRepository;

    MemberFeedRoutes(FeedDefinitions feeds, JdbcMessageIdRepository fileRepository) {
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
                .templateParameter("merchant", null, "the merchant whose members the files hold")
                .from("{{sourceUri}}")
                .routeConfigurationId(FeedErrorPolicy.ID)
                .routeDescription("Member feed {{feed}} of merchant {{merchant}}")
                .bean(STEPS, "receiveMembers(*, '{{feed}}')").id("receive-file")
                .idempotentConsumer(method(STEPS, "fileKey"), fileRepository)
                    .eager(false).skipDuplicate(false).id("file-idempotency")
                    .choice().id("duplicate-file?")
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .bean(STEPS, "markDuplicate").id("mark-duplicate-file")
                        .otherwise()
                            .bean(STEPS, "loadMembers(*, '{{merchant}}')").id("load-members")
                            .bean(STEPS, "finish").id("finish-import")
                    .end()
                .end();
    }

    private RouteDefinition instantiate(RouteTemplateDefinition template, Map<String, Object> parameters) throws Exception {
        String feed = String.valueOf(parameters.get("feed"));
        parameters.put("sourceUri", feeds.checkMembers(parameters.get("feed"), parameters.get("source"), parameters.get("merchant")));
        RouteDefinition route = RouteTemplateDefinition.Converter.DEFAULT_CONVERTER.apply(template, parameters);
        route.setNodePrefixId(feed + "-");
        return route;
    }
}
