package com.zoomvconnect.signal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zoomvconnect.error.ErrorCode;
import com.zoomvconnect.media.TrackSource;
import java.io.IOException;
import java.util.Map;

/** JSON text ⇄ signaling messages. Unknown or malformed input is a {@link SignalException}, never anything else. */
public final class SignalCodec {
    /** Largest text message accepted (an SDP with many m-lines stays far below). */
    public static final int MAX_MESSAGE_CHARS = 256 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(new SimpleModule().addSerializer(ErrorCode.class, new StdSerializer<>(ErrorCode.class) {
                @Override
                public void serialize(ErrorCode code, JsonGenerator out, SerializerProvider p) throws IOException {
                    out.writeString(code.code()); // the wire code, the same as REST's error.code
                }
            }).addSerializer(TrackSource.class, new StdSerializer<>(TrackSource.class) {
                @Override
                public void serialize(TrackSource source, JsonGenerator out, SerializerProvider p) throws IOException {
                    out.writeString(source.wireName());
                }
            }));

    private static final Map<String, Class<? extends ClientMessage>> CLIENT_TYPES = Map.ofEntries(
            Map.entry("join", ClientMessage.Join.class),
            Map.entry("publishOffer", ClientMessage.PublishOffer.class),
            Map.entry("subscribeAnswer", ClientMessage.SubscribeAnswer.class),
            Map.entry("trickle", ClientMessage.Trickle.class),
            Map.entry("mute", ClientMessage.Mute.class),
            Map.entry("chat", ClientMessage.Chat.class),
            Map.entry("e2ee", ClientMessage.E2ee.class),
            Map.entry("hand", ClientMessage.Hand.class),
            Map.entry("react", ClientMessage.React.class),
            Map.entry("viewVideo", ClientMessage.ViewVideo.class),
            Map.entry("videoSizes", ClientMessage.VideoSizes.class),
            Map.entry("leave", ClientMessage.Leave.class),
            Map.entry("ping", ClientMessage.Ping.class),
            Map.entry("iceRestart", ClientMessage.IceRestart.class),
            Map.entry("admit", ClientMessage.Admit.class),
            Map.entry("admitAll", ClientMessage.AdmitAll.class),
            Map.entry("deny", ClientMessage.Deny.class),
            Map.entry("muteParticipant", ClientMessage.MuteParticipant.class),
            Map.entry("muteAll", ClientMessage.MuteAll.class),
            Map.entry("askUnmute", ClientMessage.AskUnmute.class),
            Map.entry("stopVideo", ClientMessage.StopVideo.class),
            Map.entry("stopScreenShare", ClientMessage.StopScreenShare.class),
            Map.entry("remove", ClientMessage.Remove.class),
            Map.entry("rename", ClientMessage.Rename.class),
            Map.entry("setRole", ClientMessage.SetRole.class),
            Map.entry("setPolicy", ClientMessage.SetPolicy.class),
            Map.entry("recording", ClientMessage.Recording.class),
            Map.entry("endMeeting", ClientMessage.EndMeeting.class),
            Map.entry("captions", ClientMessage.Captions.class),
            Map.entry("breakoutsConfigure", ClientMessage.BreakoutsConfigure.class),
            Map.entry("breakoutsAssign", ClientMessage.BreakoutsAssign.class),
            Map.entry("breakoutsAutoAssign", ClientMessage.BreakoutsAutoAssign.class),
            Map.entry("breakoutsOpen", ClientMessage.BreakoutsOpen.class),
            Map.entry("breakoutsClose", ClientMessage.BreakoutsClose.class),
            Map.entry("breakoutsBroadcast", ClientMessage.BreakoutsBroadcast.class),
            Map.entry("breakoutsJoin", ClientMessage.BreakoutsJoin.class),
            Map.entry("breakoutsReturn", ClientMessage.BreakoutsReturn.class),
            Map.entry("breakoutsHelp", ClientMessage.BreakoutsHelp.class));

    private SignalCodec() {
    }

    public static ClientMessage decode(String text) {
        if (text.length() > MAX_MESSAGE_CHARS) {
            throw new SignalException(ErrorCode.MESSAGE_TOO_LARGE, "Message larger than " + MAX_MESSAGE_CHARS + " characters");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SignalException(ErrorCode.MALFORMED_MESSAGE, "Message is not valid JSON");
        }
        if (node == null || !node.isObject() || !node.path("type").isTextual()) {
            throw new SignalException(ErrorCode.MALFORMED_MESSAGE, "Message must be a JSON object with a string 'type'");
        }
        String type = node.path("type").asText();
        Class<? extends ClientMessage> cls = CLIENT_TYPES.get(type);
        if (cls == null) {
            throw new SignalException(ErrorCode.UNKNOWN_TYPE, "Unknown message type '" + type + "'");
        }
        try {
            ((ObjectNode) node).remove("type");
            return MAPPER.treeToValue(node, cls);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new SignalException(ErrorCode.MALFORMED_MESSAGE, "Message '" + type + "' has missing or mistyped fields");
        }
    }

    public static String encode(ServerMessage message) {
        ObjectNode node = MAPPER.valueToTree(message);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("type", typeName(message));
        out.setAll(node);
        return out.toString();
    }

    static String typeName(ServerMessage m) {
        String simple = m.getClass().getSimpleName();
        return Character.toLowerCase(simple.charAt(0)) + simple.substring(1);
    }
}
