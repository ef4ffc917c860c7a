package org.credentialcourier.mail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Whether a domain accepts mail, by DNS (issue 16, pre-send checks):
 * <ul>
 *   <li>MX records: it does, unless its only MX is the null MX {@code 0 .} (RFC 7505), which says it accepts none;</li>
 *   <li>no MX but an A or AAAA record: it does, through the implicit MX (RFC 5321, section 5.1);</li>
 *   <li>NXDOMAIN, or neither MX nor address: it is no mail domain;</li>
 *   <li>a timeout, SERVFAIL or any other failure: unknown. A send is never refused for a DNS failure.</li>
 * </ul>
 * Answers (not failures) are kept in a bounded cache for {@code courier.presend.dns.cache-ttl}. With
 * {@code courier.presend.dns.enabled=false} nothing is looked up and every domain is {@link Verdict#NOT_CHECKED}.
 */
@Component
public class MailDomains {

    private static final Logger log = LoggerFactory.getLogger(MailDomains.class);

    /** What DNS says of a domain. */
    public enum Verdict {
        ACCEPTS_MAIL, NULL_MX, NO_MAIL_DOMAIN, UNKNOWN, NOT_CHECKED
    }

    /** A verdict on a domain with what led to it ("MX mx1.example.org", "NXDOMAIN", "timed out"). */
    public record DomainCheck(String domain, Verdict verdict, String detail) {
    }

    private record Cached(DomainCheck check, Instant until) {
    }

    private final MailDomainProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache;
    private volatile Resolver resolver;

    public MailDomains(MailDomainProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        int size = properties.cacheSize();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > size;
            }
        };
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /** What DNS says of the domain of {@code email} (the part after its last {@code @}). */
    public DomainCheck checkAddress(String email) {
        String address = email == null ? "" : email.strip();
        return check(address.substring(address.lastIndexOf('@') + 1));
    }

    /** What DNS says of {@code domain}; NOT_CHECKED when the checks are off. */
    public DomainCheck check(String domain) {
        String key = domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
        if (!properties.enabled()) {
            return new DomainCheck(key, Verdict.NOT_CHECKED, "DNS checks are off");
        }
        Instant now = clock.instant();
        synchronized (cache) {
            Cached cached = cache.get(key);
            if (cached != null && now.isBefore(cached.until())) {
                return cached.check();
            }
        }
        DomainCheck check = lookUp(key);
        if (check.verdict() != Verdict.UNKNOWN && properties.cacheSize() > 0
                && properties.cacheTtl().compareTo(Duration.ZERO) > 0) {
            synchronized (cache) {
                cache.put(key, new Cached(check, now.plus(properties.cacheTtl())));
            }
        }
        return check;
    }

    private DomainCheck lookUp(String domain) {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return new DomainCheck(domain, Verdict.NO_MAIL_DOMAIN, "not a domain name");
        }
        try {
            Message mx = query(name, Type.MX);
            int rcode = mx.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new DomainCheck(domain, Verdict.NO_MAIL_DOMAIN, "NXDOMAIN: the domain does not exist");
            } else if (rcode != Rcode.NOERROR) {
                return unknown(domain, Rcode.string(rcode));
            }
            List<MXRecord> exchanges = mx.getSection(Section.ANSWER).stream()
                    .filter(MXRecord.class::isInstance).map(MXRecord.class::cast).toList();
            List<MXRecord> real = exchanges.stream().filter(record -> !record.getTarget().equals(Name.root)).toList();
            if (!real.isEmpty()) {
                return new DomainCheck(domain, Verdict.ACCEPTS_MAIL, "MX " + real.get(0).getTarget());
            } else if (!exchanges.isEmpty()) {
                return new DomainCheck(domain, Verdict.NULL_MX, "null MX (RFC 7505): the domain accepts no mail");
            }
            for (int type : new int[] {Type.A, Type.AAAA}) {
                Message address = query(name, type);
                if (address.getRcode() != Rcode.NOERROR && address.getRcode() != Rcode.NXDOMAIN) {
                    return unknown(domain, Rcode.string(address.getRcode()));
                }
                boolean found = address.getSection(Section.ANSWER).stream().anyMatch(r -> r.getType() == type);
                if (found) {
                    return new DomainCheck(domain, Verdict.ACCEPTS_MAIL,
                            "no MX, " + Type.string(type) + " record (implicit MX)");
                }
            }
            return new DomainCheck(domain, Verdict.NO_MAIL_DOMAIN, "no MX and no address record");
        } catch (IOException | RuntimeException e) {
            return unknown(domain, e.getClass().getSimpleName() + (e.getMessage() == null ? ""
                    : ": " + MailLog.bounded(e.getMessage(), 200)));
        }
    }

    private static DomainCheck unknown(String domain, String why) {
        log.info("DNS lookup of {} failed: {}", domain, why);
        return new DomainCheck(domain, Verdict.UNKNOWN, "DNS lookup failed: " + why);
    }

    private Message query(Name name, int type) throws IOException {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        return resolver().send(query);
    }

    private Resolver resolver() throws UnknownHostException {
        Resolver current = resolver;
        if (current == null) {
            String configured = properties.resolver() == null ? "" : properties.resolver().strip();
            if (configured.isEmpty()) {
                current = new ExtendedResolver();
            } else {
                int colon = configured.lastIndexOf(':');
                boolean hasPort = colon > 0 && configured.indexOf(':') == colon;
                String host = hasPort ? configured.substring(0, colon) : configured;
                int port = hasPort ? Integer.parseInt(configured.substring(colon + 1)) : 53;
                current = new SimpleResolver(new InetSocketAddress(host, port));
            }
            current.setTimeout(properties.timeout());
            resolver = current;
        }
        return current;
    }
}
