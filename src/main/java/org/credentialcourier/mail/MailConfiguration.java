package org.credentialcourier.mail;

import java.util.Properties;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.credentialcourier.system.CourierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.mail.MailProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The SMTP connection. By default an embedded SMTP server (GreenMail) on loopback receives every email, so a newcomer
 * can follow the links at {@code /admin/mailbox}; with {@code courier.mail.embedded-smtp.enabled=false} the standard
 * {@code spring.mail.*} settings point at a real server.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MailProperties.class)
public class MailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MailConfiguration.class);

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "courier.mail.embedded-smtp.enabled", havingValue = "true", matchIfMissing = true)
    GreenMail embeddedSmtpServer(CourierProperties properties) {
        ServerSetup setup = new ServerSetup(properties.mail().embeddedSmtp().port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        if (properties.mail().embeddedSmtp().port() == 0) {
            setup = setup.dynamicPort();
        }
        return new GreenMail(setup);
    }

    @Bean
    JavaMailSenderImpl javaMailSender(MailProperties mail, ObjectProvider<GreenMail> embedded) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setProtocol(mail.getProtocol());
        Properties properties = new Properties();
        properties.putAll(mail.getProperties());
        GreenMail greenMail = embedded.getIfAvailable();
        if (greenMail != null) {
            sender.setHost("127.0.0.1");
            sender.setPort(greenMail.getSmtp().getPort());
            // GreenMail answers a multi-line EHLO slowly; HELO is all it needs
            properties.putIfAbsent("mail.smtp.ehlo", "false");
            log.info("Emails go to the embedded SMTP server on 127.0.0.1:{}; read them at /admin/mailbox",
                    greenMail.getSmtp().getPort());
        } else {
            sender.setHost(mail.getHost());
            if (mail.getPort() != null) {
                sender.setPort(mail.getPort());
            }
            sender.setUsername(mail.getUsername());
            sender.setPassword(mail.getPassword());
        }
        if (mail.getDefaultEncoding() != null) {
            sender.setDefaultEncoding(mail.getDefaultEncoding().name());
        }
        sender.setJavaMailProperties(properties);
        return sender;
    }
}
