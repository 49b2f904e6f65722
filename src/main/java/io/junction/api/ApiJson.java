package io.junction.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import static java.util.Objects.requireNonNull;

/**
 * JSON of the API: strict reading (unknown fields are refused and named), ISO-8601 times,
 * absent values left out.
 */
public final class ApiJson
{
    private final ObjectMapper mapper;

    public ApiJson()
    {
        this.mapper = new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .setSerializationInclusion(JsonInclude.Include.NON_ABSENT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public ObjectMapper mapper()
    {
        return mapper;
    }

    /**
     * @throws ApiException 400 naming the problem when the body is not the expected JSON
     */
    public <T> T read(String body, Class<T> type)
    {
        requireNonNull(body, "body is null");
        if (body.isBlank()) {
            throw ApiException.badRequest("a JSON request body is required");
        }
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest("a JSON object is required, not null");
            }
            return value;
        }
        catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown field '%s' (known fields: %s)".formatted(e.getPropertyName(), e.getKnownPropertyIds()));
        }
        catch (JsonProcessingException e) {
            throw ApiException.badRequest("invalid JSON: " + e.getOriginalMessage());
        }
    }
}
