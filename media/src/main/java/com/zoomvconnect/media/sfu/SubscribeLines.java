package com.zoomvconnect.media.sfu;

import com.zoomvconnect.media.sdp.Codec;
import com.zoomvconnect.media.sdp.SubscribeOffer.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The m-lines of one subscriber's receive connection that no down-track holds now: the inactive
 * ones every re-offer keeps (an m-section is never removed, RFC 8829 §5.2.2), and which of them a
 * new down-track may take over, as Jitsi and LiveKit recycle theirs, so the offer grows with the
 * most tracks ever received at once, not with every track ever received.
 *
 * <p>A line becomes reusable only once the subscriber has answered an offer that carried it
 * {@code inactive} and accepted it (not port 0): its browser has then ended the old track, and
 * the next offer turns the same transceiver to a new SSRC and msid. Reusing it in the very offer
 * that stops it would re-target a live receiver within one negotiation; a rejected m-line's
 * transceiver is stopped for good (RFC 8829). A line is reused only for
 * the same codec (same payload type), so the m-line's formats do not change either.
 *
 * <p>Not thread-safe: its owner, {@link SfuParticipant}, guards it with its monitor.
 */
final class SubscribeLines {
    /** One inactive m-line and how far its subscriber is in seeing it so. */
    private static final class Inactive {
        final Line line;
        /** Carried inactive by the offer now waiting for an answer. */
        boolean inPendingOffer;
        /** The subscriber answered an offer carrying it inactive: a new down-track may take it. */
        boolean reusable;

        Inactive(Line line) {
            this.line = line;
        }
    }

    private final List<Inactive> inactive = new ArrayList<>();
    private int nextMid;

    /**
     * The mid for a new down-track of {@code kind} with {@code codec}: a reusable inactive line's
     * (taken out of this set: the down-track's line replaces it in offers), else a new one.
     */
    String assign(String kind, Codec codec) {
        for (int i = 0; i < inactive.size(); i++) {
            Line l = inactive.get(i).line;
            if (inactive.get(i).reusable && l.kind().equals(kind) && l.codec().payloadType() == codec.payloadType()) {
                inactive.remove(i);
                return l.mid();
            }
        }
        return Integer.toString(nextMid++);
    }

    /** A down-track stopped: its m-line stays, inactive. */
    void stopped(Line line) {
        inactive.add(new Inactive(line));
    }

    /** The inactive m-lines, for an offer about to be sent; they are in it from now on. */
    List<Line> offer() {
        List<Line> out = new ArrayList<>(inactive.size());
        for (Inactive i : inactive) {
            i.inPendingOffer = true;
            out.add(i.line);
        }
        return out;
    }

    /** The pending offer was answered, accepting {@code acceptedMids}: its inactive lines among them may be reused. */
    void answered(Set<String> acceptedMids) {
        for (Inactive i : inactive) {
            if (i.inPendingOffer && acceptedMids.contains(i.line.mid())) {
                i.reusable = true;
            }
            i.inPendingOffer = false;
        }
    }

    /** The pending offer will never be answered (the signaling socket changed): the next one carries its lines again. */
    void offerLost() {
        for (Inactive i : inactive) {
            i.inPendingOffer = false;
        }
    }

    boolean isEmpty() {
        return inactive.isEmpty();
    }

    int size() {
        return inactive.size();
    }
}
