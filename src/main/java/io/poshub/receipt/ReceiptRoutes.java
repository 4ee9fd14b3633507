package io.poshub.receipt;

import java.util.Properties;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailEndpoint;
import org.springframework.stereotype.Component;

/**
 * The receipts' way out (contract §22), as Camel routes Hawtio shows: {@code receipt-email} to the SMTP server of
 * {@code poshub.receipts.mail.*} (camel-mail; the credentials set on the endpoint, never in its URI), and
 * {@code receipt-sms}, a JSON body POSTed to {@code poshub.receipts.sms.url}. A channel whose server is not set has no
 * route, and its receipts wait.
 */
@Component
class ReceiptRoutes extends RouteBuilder {

    static final String EMAIL = "direct:receipt-email";
    static final String SMS = "direct:receipt-sms";
    /** The outbox row a message carries: the SMS provider's idempotency key, and a mail header a mailbox can sort by. */
    static final String RECEIPT_HEADER = "X-Poshub-Receipt";

    private final ReceiptProperties properties;

    ReceiptRoutes(ReceiptProperties properties) {
        this.properties = properties;
    }

    boolean mails() {
        return !properties.mail().host().isBlank();
    }

    boolean texts() {
        return !properties.sms().url().isBlank();
    }

    @Override
    public void configure() {
        if (mails()) {
            ReceiptProperties.Mail mail = properties.mail();
            MailEndpoint smtp = getContext().getEndpoint("smtp://" + mail.host() + ":" + mail.port(), MailEndpoint.class);
            MailConfiguration config = smtp.getConfiguration();
            if (!mail.username().isBlank()) {
                config.setUsername(mail.username());
                config.setPassword(mail.password());
            }
            if (!mail.from().isBlank()) {
                config.setFrom(mail.from());
            }
            config.setConnectionTimeout(30_000);
            Properties java = new Properties();
            java.put("mail.smtp.timeout", "30000");
            java.put("mail.smtp.writetimeout", "30000");
            if (mail.starttls()) {
                java.put("mail.smtp.starttls.enable", "true");
                java.put("mail.smtp.starttls.required", "true");
            }
            config.setAdditionalJavaMailProperties(java);
            from(EMAIL).routeId("receipt-email").to(smtp);
        }
        if (texts()) {
            var sms = from(SMS).routeId("receipt-sms")
                    .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                    .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                    .setHeader("Idempotency-Key", header(RECEIPT_HEADER));
            if (!properties.sms().token().isBlank()) {
                sms.setHeader("Authorization", constant("Bearer " + properties.sms().token()));
            }
            sms.to(properties.sms().url());
        }
    }
}
