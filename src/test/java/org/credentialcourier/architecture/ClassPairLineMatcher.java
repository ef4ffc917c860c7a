package org.credentialcourier.architecture;

import com.tngtech.archunit.library.freeze.ViolationLineMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Matches a stored violation with an actual one when both name the same pair of top-level classes, e.g. {@code
 * system.process.SubjectStep -> invitation.InvitationProcess}, whatever member, signature or line the dependency is on.
 *
 * <p>ArchUnit's default matcher ignores only line numbers; its violation lines also carry whole constructor and method
 * signatures, so another engineer adding a constructor parameter to a class that already depends upward would make an
 * old violation look new. Matching by class pair keeps the store stable under such edits. Each stored line still
 * stands for one actual dependency (ArchUnit pairs them one to one), so a further upward call between the same two
 * classes fails as well. Lines without {@code <...>} operands (the cycle rule) are compared without line numbers.
 */
final class ClassPairLineMatcher implements ViolationLineMatcher {

    @Override
    public boolean matches(String stored, String actual) {
        Optional<String> storedPair = classPair(stored);
        Optional<String> actualPair = classPair(actual);
        if (storedPair.isPresent() && actualPair.isPresent()) {
            return storedPair.get().equals(actualPair.get());
        }
        return withoutLineNumbers(stored).equals(withoutLineNumbers(actual));
    }

    /** The first operand is the origin, the last the target ("... with type argument depending on <target>"). */
    static Optional<String> classPair(String line) {
        List<String> operands = operands(line);
        if (operands.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(topLevelClass(operands.get(0)) + " -> " + topLevelClass(operands.get(operands.size() - 1)));
    }

    private static List<String> operands(String line) {
        List<String> operands = new ArrayList<>();
        int depth = 0;
        int start = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '<') {
                if (depth++ == 0) {
                    start = i + 1;
                }
            } else if (c == '>' && depth > 0 && --depth == 0) {
                operands.add(line.substring(start, i));
            }
        }
        return operands;
    }

    /** {@code a.b.C$Inner.method(a.b.D)} and {@code a.b.C.<init>(..)} are both {@code a.b.C}. */
    private static String topLevelClass(String operand) {
        String name = operand;
        int generic = name.indexOf('<');
        int call = name.indexOf('(');
        int end = generic < 0 ? call : call < 0 ? generic : Math.min(generic, call);
        if (end >= 0) {
            name = name.substring(0, end);
        }
        StringBuilder result = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (!result.isEmpty()) {
                result.append('.');
            }
            if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
                int nested = part.indexOf('$');
                return result.append(nested < 0 ? part : part.substring(0, nested)).toString();
            }
            result.append(part);
        }
        return name;
    }

    private static String withoutLineNumbers(String line) {
        return line.replaceAll("\\.java:\\d+\\)", ".java)");
    }
}
