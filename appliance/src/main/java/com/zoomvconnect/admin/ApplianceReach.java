package com.zoomvconnect.admin;

import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What admin commands reach beyond the database, given by {@code app}: the HTTPS certificate and the
 * recordings with their files and configured limits. The running appliance and {@code zvc-admin} on a
 * stopped one each give their own.
 */
public interface ApplianceReach {
    /**
     * A certificate and where it comes from; {@code inUse}: the HTTPS listener serves it now (the appliance
     * runs), otherwise it is the one the next start will use.
     */
    record Certificate(List<X509Certificate> chain, String origin, boolean inUse) {
    }

    /** The HTTPS certificate, or empty when there is none yet (a first start generates one). */
    Optional<Certificate> tlsCertificate();

    /** Recordings, newest first, as the dashboard lists them ({@code q}: part of the meeting title, or null). */
    List<?> recordings(int limit, String q);

    /** Deletes a recording and its files (refused while it is still recording). */
    void deleteRecording(String id);

    /** Bytes the recordings' directory holds now. */
    long recordingsUsedBytes();

    /** {@code recording.quota.gb} of the configuration (0: none). */
    long configuredQuotaGb();

    /** {@code recording.retention.days} of the configuration (0: kept forever). */
    int configuredRetentionDays();

    /** For an admin service without the appliance's files (tests of other features). */
    ApplianceReach NONE = new ApplianceReach() {
        private AppException missing() {
            return new AppException(ErrorCode.BAD_REQUEST, "Not available here: the appliance's files are not reachable");
        }

        @Override
        public Optional<Certificate> tlsCertificate() {
            return Optional.empty();
        }

        @Override
        public List<?> recordings(int limit, String q) {
            throw missing();
        }

        @Override
        public void deleteRecording(String id) {
            throw missing();
        }

        @Override
        public long recordingsUsedBytes() {
            return 0;
        }

        @Override
        public long configuredQuotaGb() {
            return 0;
        }

        @Override
        public int configuredRetentionDays() {
            return 0;
        }
    };
}
