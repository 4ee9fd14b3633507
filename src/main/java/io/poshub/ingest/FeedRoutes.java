package io.poshub.ingest;

import java.util.Map;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.support.ExpressionAdapter;
import org.springframework.stereotype.Component;

/**
 * The route templates of feeds (contract §2, §11). A feed is a route made from one in {@code routes/*.camel.yaml}.
 * Both give a file the same life: it arrives at the feed's source → hashed and recorded → the file-level idempotent
 * repository drops a duplicate (DUPLICATE_FILE) → read → the import closes with its counts → archive/. Then
 * {@code pos-feed} reads sales as a stream of ticket chunks, each booked in one transaction (or, when its mapping has
 * {@code format: zreport}, a file of Z-reports in one); {@code terminal-feed} reads card terminals' settlements
 * (contract §22) in one; {@code member-feed} reads the member CSV of its merchant. Error path: {@link FeedErrorPolicy}.
 */
@Component
class FeedRoutes extends RouteBuilder {

    static final String SALES = "pos-feed";
    static final String MEMBERS = "member-feed";
    static final String TERMINALS = "terminal-feed";
    private static final String EXPECT = "when files are due, e.g. 'daily 06:00' (the file for a day by 06:00 the next); "
            + "unset: whenever they come";

    private final FeedDefinitions feeds;
    private final JdbcMessageIdRepository fileRepository;
    private final FileReceipt receipt;
    private final SalesImport sales;
    private final ZReportImport zReports;
    private final MemberFeedImport members;
    private final ImportClosing closing;

    FeedRoutes(FeedDefinitions feeds, JdbcMessageIdRepository fileRepository, FileReceipt receipt, SalesImport sales,
               ZReportImport zReports, MemberFeedImport members, ImportClosing closing) {
        this.feeds = feeds;
        this.fileRepository = fileRepository;
        this.receipt = receipt;
        this.sales = sales;
        this.zReports = zReports;
        this.members = members;
        this.closing = closing;
    }

    @Override
    public void configure() {
        Model model = getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
        model.addRouteTemplateDefinitionConverter(SALES, (template, parameters) -> instantiate(template, parameters,
                feeds.check(parameters.get("feed"), parameters.get("source"), parameters.get("mapping"), parameters.get("expect"),
                        parameters.get("maxRejects"))));
        model.addRouteTemplateDefinitionConverter(TERMINALS, (template, parameters) -> instantiate(template, parameters,
                feeds.checkTerminals(parameters.get("feed"), parameters.get("source"), parameters.get("mapping"), parameters.get("expect"))));
        model.addRouteTemplateDefinitionConverter(MEMBERS, (template, parameters) -> instantiate(template, parameters,
                feeds.checkMembers(parameters.get("feed"), parameters.get("source"), parameters.get("merchant"), parameters.get("expect"))));

        onceEach(routeTemplate(SALES)
                .templateParameter("feed", null, "the feed's name, as imports and metrics show it")
                .templateParameter("source", null, "file:<folder> or sftp://user@host:port/<folder>, options allowed")
                .templateParameter("mapping", null, "the name of a file in mappings/, without .yaml")
                .templateOptionalParameter("expect", EXPECT)
                .templateOptionalParameter("maxRejects", "rejected rows a file may have and still be booked: a count (20) or "
                        + "a share (2.5%); over it the file fails whole. Unset: no limit")
                .from("{{sourceUri}}")
                .routeDescription("POS feed {{feed}} read with mapping {{mapping}}")
                .setProperty(ImportRun.FEED, constant("{{feed}}")).id("feed")
                .setProperty(ImportRun.MAPPING, constant("{{mapping}}")).id("mapping")
                .process(receipt::receiveSales).id("receive-file"))
                    .process(sales::start).id("start-import")
                    .choice().id("z-report?")
                        .when(sales::isZReport)
                            .process(zReports::load).id("load-z-report")
                        .otherwise()
                            .process(sales::screen).id("screen-rejects")
                            .split(expression(sales::chunks)).streaming().stopOnException().id("split-ticket-chunks")
                                .process(sales::book).id("book-chunk")
                            .end()
                            .process(sales::settle).id("settle-chunks")
                    .end()
                    .process(closing::finish).id("finish-import")
                .end()
            .end();

        onceEach(routeTemplate(TERMINALS)
                .templateParameter("feed", null, "the feed's name, as imports and metrics show it")
                .templateParameter("source", null, "file:<folder> or sftp://user@host:port/<folder>, options allowed")
                .templateParameter("mapping", null, "the name of a file in mappings/ of format: terminal, without .yaml")
                .templateOptionalParameter("expect", EXPECT)
                .from("{{sourceUri}}")
                .routeDescription("Terminal feed {{feed}} read with mapping {{mapping}}")
                .setProperty(ImportRun.FEED, constant("{{feed}}")).id("feed")
                .setProperty(ImportRun.MAPPING, constant("{{mapping}}")).id("mapping")
                .process(receipt::receiveSales).id("receive-file"))
                    .process(sales::start).id("start-import")
                    .process(zReports::loadSettlements).id("load-settlements")
                    .process(closing::finish).id("finish-import")
                .end()
            .end();

        onceEach(routeTemplate(MEMBERS)
                .templateParameter("feed", null, "the feed's name, as imports and metrics show it")
                .templateParameter("source", null, "file:<folder> or sftp://user@host:port/<folder>, options allowed")
                .templateParameter("merchant", null, "the merchant whose members the files hold")
                .templateOptionalParameter("expect", EXPECT)
                .from("{{sourceUri}}")
                .routeDescription("Member feed {{feed}} of merchant {{merchant}}")
                .setProperty(ImportRun.FEED, constant("{{feed}}")).id("feed")
                .setProperty(ImportRun.MERCHANT, constant("{{merchant}}")).id("merchant")
                .process(receipt::receiveMembers).id("receive-file"))
                    .process(members::load).id("load-members")
                    .process(closing::finish).id("finish-import")
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
                .idempotentConsumer(expression(receipt::fileKey), fileRepository)
                    .eager(false).skipDuplicate(false).id("file-idempotency")
                    .choice().id("duplicate-file?")
                        .when(exchangeProperty(Exchange.DUPLICATE_MESSAGE).isEqualTo(true))
                            .process(receipt::markDuplicate).id("mark-duplicate-file")
                        .otherwise();
    }

    /** A step's answer as a Camel expression: the typed method of a step, called with the exchange. */
    private static Expression expression(Function<Exchange, Object> step) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                return step.apply(exchange);
            }
        };
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
