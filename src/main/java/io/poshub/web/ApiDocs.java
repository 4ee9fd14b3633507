package io.poshub.web;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.AntPathMatcher;

/**
 * The HTTP API as an OpenAPI 3 contract ({@code /v3/api-docs}, Swagger UI at {@code /swagger-ui/index.html}), the
 * file {@code docs/openapi.yaml} is this, as served: its security schemes ({@code admin}: HTTP Basic, {@code tillKey}:
 * the {@code X-Api-Key} header), which calls a till may make (as {@link SecurityConfig} lets it), and each operation's
 * id made from its controller and method ({@code giftCardActivate}).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    /** The calls a till key may make (method and path as {@link SecurityConfig} matches them); every other is ADMIN's. */
    static final List<String> TILL_CALLS = List.of(
            "POST /api/payments", "GET /api/payments/*", "POST /api/payments/*/capture", "POST /api/payments/*/refund",
            "POST /api/payments/*/cancel",
            "GET /api/members", "GET /api/members/*", "GET /api/members/*/points", "GET /api/members/*/balance", "GET /api/members/*/gift-cards",
            "POST /api/gift-cards/*/owner",
            "GET /api/members/*/barcode.png", "GET /api/members/*/receipts",
            "POST /api/members/*/redemptions", "POST /api/members/*/redemptions/*/refunds", "PUT /api/members/by-card/*",
            "POST /api/gift-cards/*/activate", "POST /api/gift-cards/*/load", "POST /api/gift-cards/*/redeem",
            "POST /api/gift-cards/*/refund", "POST /api/gift-cards/*/deactivate", "GET /api/gift-cards/*",
            "GET /api/gift-cards/*/barcode.png", "GET /api/members/*/rewards", "GET /api/members/*/vouchers", "POST /api/members/*/rewards/*/vouchers",
            "GET /api/vouchers/*", "POST /api/vouchers/*/redeem", "POST /api/vouchers/*/void");
    /** ADMIN's alone although a till's rule above would match them (as in {@link SecurityConfig}, these come first). */
    static final List<String> ADMIN_CALLS = List.of("GET /api/gift-cards/batches", "POST /api/gift-cards/batches",
            "GET /api/gift-cards/batches/**", "GET /api/gift-cards/liability",
            "GET /api/gift-cards/sold");
    /** Open to anyone: the provider proves itself by its signature. */
    static final List<String> OPEN_CALLS = List.of("POST /api/payments/callbacks/vipps");

    @Bean
    OpenAPI poshubOpenApi() {
        return new OpenAPI()
                .info(new Info().title("poshub").version("1")
                        .description("The hub between the tills of many shops and a loyalty platform: members, points and "
                                + "redemptions, gift cards, mobile payments, imports of the tills' files and the day's close. "
                                + "Amounts are integer minor units (øre, cents). Errors are RFC 9457 problem details."))
                .servers(List.of(new Server().url("/").description("this hub")))
                .tags(List.of(new Tag().name("Members").description("Members: look-up, create, change, merge, import; the till's swipes and redemptions"),
                        new Tag().name("Gift cards").description("Gift cards at the till and in the back office"),
                        new Tag().name("Payments").description("Vipps MobilePay ePayment payments from the till, and the provider's webhook"),
                        new Tag().name("Day close").description("A store's day held against its Z-reports, its drawers and its card terminals"),
                        new Tag().name("Journal").description("The accountant's journal of each closed store-day, by version"),
                        new Tag().name("Imports").description("Files read, their counts and rejected rows"),
                        new Tag().name("Feeds").description("The feeds and the configuration errors of routes/ and mappings/"),
                        new Tag().name("Mappings").description("The mapping editor: read, check, try and save mappings"),
                        new Tag().name("Parked sales").description("Sales of members not yet known"),
                        new Tag().name("Till keys").description("Keys made and revoked while the hub runs"),
                        new Tag().name("Rewards").description("The rewards catalogue; vouchers bought with points and taken at the till"),
                        new Tag().name("Members' rights").description("A member's erasure and export, and the retention sweep (GDPR articles 15 and 17)"),
                        new Tag().name("Audit").description("Who changed what, and failed sign-ins"),
                        new Tag().name("Operations").description("Who is signed in")))
                .components(new Components()
                        .addSecuritySchemes("admin", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                                .description("The back office's login (HTTP Basic)"))
                        .addSecuritySchemes("tillKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key")
                                .description("A till's key, of one merchant (and perhaps one store)")));
    }

    /** Who may call each operation: admins everywhere, till keys where a till may, nobody's login for the webhook. */
    @Bean
    OpenApiCustomizer poshubSecurity() {
        AntPathMatcher paths = new AntPathMatcher();
        return api -> api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String call = method.name() + " ";
            String concrete = path.replaceAll("\\{[^}]+}", "x");
            if (OPEN_CALLS.stream().anyMatch(open -> matches(paths, open, call, concrete))) {
                operation.setSecurity(List.of());
            } else if (ADMIN_CALLS.stream().noneMatch(admin -> matches(paths, admin, call, concrete))
                    && TILL_CALLS.stream().anyMatch(till -> matches(paths, till, call, concrete))) {
                operation.setSecurity(List.of(new SecurityRequirement().addList("admin"), new SecurityRequirement().addList("tillKey")));
            } else {
                operation.setSecurity(List.of(new SecurityRequirement().addList("admin")));
            }
        }));
    }

    /**
     * The error answers every call may give: RFC 9457 problem details with a stable {@code code} ({@link ProblemCodes}), and
     * for a validation failure the fields at fault.
     */
    @Bean
    OpenApiCustomizer poshubProblems() {
        return api -> {
            Schema<?> problem = new ObjectSchema()
                    .description("An RFC 9457 problem: what went wrong, for a person (detail) and for a program (code)")
                    .addProperty("type", new StringSchema().example("about:blank"))
                    .addProperty("title", new StringSchema().example("Not Found"))
                    .addProperty("status", new IntegerSchema().example(404))
                    .addProperty("detail", new StringSchema().example("no member with id 60"))
                    .addProperty("instance", new StringSchema())
                    .addProperty("code", new StringSchema().example("NOT_FOUND")
                            .description("Stable, upper snake case: what a program switches on (see docs/till-integration.md)"))
                    .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                            .addProperty("field", new StringSchema()).addProperty("message", new StringSchema())))
                    .required(List.of("title", "status", "code"));
            // RFC 9457 lets a problem carry members of its own (a redemption refused for its balance says the balance).
            problem.setAdditionalProperties(true);
            if (api.getComponents().getSchemas() != null && api.getComponents().getSchemas().containsKey("Problem")) {
                throw new IllegalStateException("a type of the API is named Problem, the name of the error schema: give it "
                        + "another with @Schema(name = …)");
            }
            api.getComponents().addSchemas("Problem", problem);
            Content content = new Content().addMediaType("application/problem+json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
            api.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
                ApiResponses responses = operation.getResponses();
                responses.addApiResponse("4XX", new ApiResponse().description("Refused: a problem naming why").content(content));
                responses.addApiResponse("5XX", new ApiResponse().description("The hub or its provider could not answer").content(content));
            }));
        };
    }

    /**
     * A field a record holds as an object may be null in an answer (a member's phone, a sale's member before the member
     * is known), and the contract says so; one held as a primitive never is. A nested object that may be missing is
     * left out of the answer ({@code @JsonInclude(NON_NULL)}), as OpenAPI 3.0 cannot mark a $ref nullable.
     */
    @Bean
    PropertyCustomizer poshubNullables() {
        return (property, type) -> {
            if (property == null || primitive(type.getType())) {
                return property;
            }
            // OpenAPI 3.0 reads nothing beside a $ref: an object that may be missing is left out of the answer instead.
            return property.get$ref() == null ? property.nullable(true) : property;
        };
    }

    /** ... but a list's elements are never null: the customizer above sees them as properties too, and is undone there. */
    @Bean
    OpenApiCustomizer poshubListElements() {
        return api -> api.getComponents().getSchemas().values().forEach(schema -> {
            Map<String, Schema> properties = schema.getProperties();
            if (properties != null) {
                properties.values().forEach(ApiDocs::notNullElements);
            }
        });
    }

    private static void notNullElements(Schema<?> property) {
        if (property.getItems() != null) {
            property.getItems().setNullable(null);
        }
    }

    private static boolean primitive(java.lang.reflect.Type type) {
        return type instanceof Class<?> c ? c.isPrimitive() : type instanceof JavaType j && j.isPrimitive();
    }

    private static boolean matches(AntPathMatcher paths, String rule, String call, String path) {
        return rule.startsWith(call) && paths.match(rule.substring(call.length()), path);
    }

    /**
     * Operation ids a client generator can use: the controller's capability and the method ({@code giftCardActivate});
     * a controller's handler methods have names of their own, so these are unique.
     */
    @Bean
    OperationCustomizer poshubOperationIds() {
        return (operation, handler) -> {
            operation.setOperationId(OperationIds.of(handler));
            return operation;
        };
    }
}
