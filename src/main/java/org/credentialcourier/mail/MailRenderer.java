package org.credentialcourier.mail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * Renders an email from {@code templates/mail/<template>.html} and {@code .txt} (one multipart message) in the
 * recipient's language. Values are escaped in HTML; the subject comes from {@code i18n/messages} and loses any line
 * break, so no header can be injected through a name.
 */
@Component
public class MailRenderer {

    private final SpringTemplateEngine engine = new SpringTemplateEngine();
    private final MessageSource messages;

    public MailRenderer(MessageSource messages) {
        this.messages = messages;
        engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 1));
        engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 2));
        engine.setTemplateEngineMessageSource(messages);
    }

    public ComposedMail render(String template, Locale locale, String recipientEmail, String recipientName,
                               Object[] subjectArguments, Map<String, Object> model, Map<String, String> headers) {
        Context context = new Context(locale, model);
        String subject = messages.getMessage("mail." + template + ".subject", subjectArguments, locale)
                .replaceAll("\\p{Cntrl}", " ").strip();
        context.setVariable("subject", subject);
        String text = engine.process(template + ".txt", context);
        String html = engine.process(template + ".html", context);
        return new ComposedMail(template, recipientEmail, recipientName, subject, text, html, Map.copyOf(headers), null);
    }

    /** A moment as the recipient reads it: long date, short time, in UTC. */
    public String dateTime(Instant instant, Locale locale) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT).withLocale(locale)
                .withZone(ZoneOffset.UTC).format(instant);
    }

    private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setTemplateMode(mode);
        resolver.setResolvablePatterns(Set.of(pattern));
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setOrder(order);
        return resolver;
    }
}
