package org.credentialcourier.tracking;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.system.validation.NoControlCharacters;
import org.credentialcourier.system.web.InvalidInputException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/invitations}: the invitations to follow up, filtered by status and searched by name or email, with
 * the count of each status for the same search (so that a screen's status tabs show their numbers while one tab is
 * open). Beside {@code InvitationController}, which maps the single invitation under the same path.
 */
@RestController
@RequestMapping("/api/invitations")
public class InvitationListController {

    private static final String STATUSES = Arrays.stream(InvitationStatus.values()).map(InvitationStatus::code)
            .collect(Collectors.joining(", "));

    private final InvitationList list;

    public InvitationListController(InvitationList list) {
        this.list = list;
    }

    /** A page of the list; {@code counts} has every status, in the order of the lifecycle. */
    public record InvitationPage(List<InvitationListItem> items, int page, int size, long total,
                                 Map<String, Long> counts) {
    }

    @GetMapping
    public InvitationPage list(
            @RequestParam(required = false) @Size(max = 20) @NoControlCharacters String status,
            @RequestParam(required = false) @Size(max = 200) @NoControlCharacters String q,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
            @RequestParam(required = false) @Size(max = 40) @NoControlCharacters String sort) {
        InvitationStatus filter = status(status);
        InvitationSort order = InvitationSort.parse(sort);
        Map<InvitationStatus, Long> counts = list.countsByStatus(q);
        long total = filter != null ? counts.get(filter) : counts.values().stream().mapToLong(Long::longValue).sum();
        List<InvitationListItem> items = list.page(filter, q, order, page * size, size, total);
        Map<String, Long> byCode = new LinkedHashMap<>();
        counts.forEach((s, n) -> byCode.put(s.code(), n));
        return new InvitationPage(items, page, size, total, byCode);
    }

    private static InvitationStatus status(String code) {
        if (code == null || code.isEmpty()) {
            return null;
        }
        return Arrays.stream(InvitationStatus.values()).filter(s -> s.code().equals(code)).findFirst()
                .orElseThrow(() -> new InvalidInputException("status", "must be one of " + STATUSES));
    }
}
