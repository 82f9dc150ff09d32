package com.zoomvconnect.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zoomvconnect.error.AppException;
import com.zoomvconnect.error.ErrorCode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.stream.Collectors;

/** JSON in and out of handlers: body limits, content type, and field-precise parse errors. */
public final class Json {
    /** Largest JSON request body the API accepts. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    /** Reads and binds the request body; 415, 413 or 400 with a precise reason on bad input. */
    public static <T> T read(ServerRequest req, Class<T> type) {
        return read(req, type, MAX_BODY_BYTES);
    }

    /** As {@link #read(ServerRequest, Class)} with another body limit (uploads carried as data: URIs). */
    public static <T> T read(ServerRequest req, Class<T> type, int maxBytes) {
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
            throw new AppException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json");
        }
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > maxBytes) {
            throw tooLarge(maxBytes);
        }
        byte[] body = readLimited(req, maxBytes);
        if (body.length == 0) {
            throw new AppException(ErrorCode.MALFORMED_JSON, "The request body is empty; a JSON object is expected");
        }
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw new AppException(ErrorCode.MALFORMED_JSON, "A JSON object is expected");
            }
            return value;
        } catch (MismatchedInputException e) {
            String field = fieldPath(e);
            if (field.isEmpty()) {
                throw new AppException(ErrorCode.MALFORMED_JSON, "A JSON object is expected");
            }
            throw new AppException(ErrorCode.INVALID_FIELD, "Field '" + field + "' has the wrong type or format");
        } catch (JsonMappingException e) {
            String field = fieldPath(e);
            throw new AppException(ErrorCode.INVALID_FIELD,
                    field.isEmpty() ? "The request body does not match the expected shape" : "Field '" + field + "' is invalid");
        } catch (JacksonException e) {
            throw new AppException(ErrorCode.MALFORMED_JSON, "The request body is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readLimited(ServerRequest req, int maxBytes) {
        try (InputStream in = req.content().inputStream()) {
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                throw tooLarge(maxBytes);
            }
            return data;
        } catch (IOException e) {
            throw new AppException(ErrorCode.BAD_REQUEST, "Could not read the request body");
        }
    }

    private static AppException tooLarge(int maxBytes) {
        return new AppException(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than " + maxBytes + " bytes");
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public static void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(bytes);
    }
}
