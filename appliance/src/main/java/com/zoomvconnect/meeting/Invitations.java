package com.zoomvconnect.meeting;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.store.InviteeRecord;
import com.zoomvconnect.store.UserDao;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Binds invitations to accounts. Addresses are never verified, so an address alone proves
 * nothing: an invitation names the account that has the address when the host invites it, and
 * only that account gets the role. An address with no account is refused — otherwise whoever
 * registers it first would inherit the invitation.
 */
final class Invitations {
    private final UserDao users = new UserDao();

    /**
     * The rows to store for {@code wanted} (email to role). An address the host lists now
     * ({@code listed}) keeps the account it is already bound to, else binds to the account that has
     * it now; an address only carried over from {@code current} keeps its binding as it is, even
     * none (an invitation from before binding, which grants nothing).
     *
     * @throws AppException {@link ErrorCode#UNKNOWN_ACCOUNT} naming the listed addresses without an account
     */
    List<InviteeRecord> bind(Handle h, String meetingId, Map<String, String> wanted, Set<String> listed,
                             List<InviteeRecord> current) {
        Map<String, InviteeRecord> before = current.stream()
                .collect(Collectors.toMap(InviteeRecord::email, Function.identity(), (a, b) -> a));
        Set<String> toLookUp = new TreeSet<>();
        wanted.keySet().forEach(e -> {
            InviteeRecord old = before.get(e);
            if ((old == null || old.userId() == null) && listed.contains(e)) {
                toLookUp.add(e);
            }
        });
        Map<String, String> accounts = users.idsByEmail(h, toLookUp);
        Set<String> unknown = new TreeSet<>(toLookUp);
        unknown.removeAll(accounts.keySet());
        if (!unknown.isEmpty()) {
            throw new AppException(ErrorCode.UNKNOWN_ACCOUNT, "No account has the address " + String.join(", ", unknown)
                    + ". Invitations go to existing accounts (an administrator creates them with zvc-admin users add);"
                    + " anyone else can join with the meeting link");
        }
        var out = new ArrayList<InviteeRecord>();
        wanted.forEach((email, role) -> {
            InviteeRecord old = before.get(email);
            String userId = old != null && old.userId() != null ? old.userId() : accounts.get(email);
            out.add(new InviteeRecord(meetingId, email, role, userId));
        });
        return out;
    }
}
