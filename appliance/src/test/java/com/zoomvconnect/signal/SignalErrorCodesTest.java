package com.zoomvconnect.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.meeting.Admission;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Signaling shares REST's error vocabulary: every code a client can receive is an {@link ErrorCode}'s wire code. */
class SignalErrorCodesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyCodeAServerMessageCarriesIsAnErrorCode() {
        int checked = 0;
        for (Class<?> type : ServerMessage.class.getPermittedSubclasses()) {
            for (RecordComponent c : type.getRecordComponents()) {
                if (c.getName().toLowerCase().contains("code")) {
                    assertEquals(ErrorCode.class, c.getType(), type.getSimpleName() + "." + c.getName());
                    checked++;
                }
            }
        }
        assertEquals(2, checked, "error and refused carry a code");
        for (RecordComponent c : Admission.Refused.class.getRecordComponents()) {
            if (c.getName().equals("code")) {
                assertEquals(ErrorCode.class, c.getType());
            }
        }
    }

    @Test
    void errorsAndRefusalsAreSentWithTheWireCode() throws Exception {
        for (ErrorCode code : ErrorCode.values()) {
            var error = JSON.readTree(SignalCodec.encode(new ServerMessage.Error(code, "why")));
            assertEquals("error", error.path("type").asText());
            assertEquals(code.code(), error.path("code").asText());
            var refused = JSON.readTree(SignalCodec.encode(new ServerMessage.Refused(code, "why")));
            assertEquals(code.code(), refused.path("code").asText());
        }
    }

    @Test
    void wireCodesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            assertTrue(seen.add(code.code()), "two error codes share " + code.code());
        }
    }

    @Test
    void theCodesClientsAlreadyKnowAreUnchanged() {
        // What signaling sent as free strings before they became ErrorCodes (docs/signaling.md).
        Set<String> shipped = Set.of("join_timeout", "already_joined", "not_joined", "waiting", "too_large", "malformed",
                "unknown_type", "invalid_field", "invalid_sdp", "invalid_token", "token_reused", "rate_limited",
                "internal_error", "webinar_view_only", "screen_share_not_allowed", "forbidden", "not_found",
                "invalid_target", "unmute_not_allowed", "chat_disabled", "private_chat_disabled", "recording_unavailable",
                "recording_active", "recording_inactive", "recording_failed", "not_live", "disk_full", "quota_exceeded",
                "meeting_ended", "meeting_locked", "banned", "denied");
        Set<String> codes = Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());
        assertTrue(codes.containsAll(shipped), "missing: " + shipped.stream().filter(c -> !codes.contains(c)).toList());
    }

    @Test
    void refusalsAreTypedAtTheSource() {
        SignalException e = new SignalException(ErrorCode.MALFORMED_MESSAGE, "bad");
        assertEquals("malformed", e.errorCode().code());
        assertEquals(ErrorCode.MALFORMED_MESSAGE, assertThrows(SignalException.class, () -> SignalCodec.decode("{")).errorCode());
        assertEquals(ErrorCode.UNKNOWN_TYPE,
                assertThrows(SignalException.class, () -> SignalCodec.decode("{\"type\":\"nope\"}")).errorCode());
    }
}
