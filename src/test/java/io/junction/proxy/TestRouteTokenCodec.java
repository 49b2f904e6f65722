package io.junction.proxy;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TestRouteTokenCodec
{
    private final RouteTokenCodec codec = new RouteTokenCodec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

    @Test
    void roundTripsAClusterNameThroughAShortUrlSafeToken()
    {
        String token = codec.encode("trino-east.1");
        assertThat(token).matches("[A-Za-z0-9_.-]+").hasSizeLessThan(40);
        assertThat(codec.decode(token)).contains("trino-east.1");
        assertThat(codec.pathPrefix("trino-east.1")).isEqualTo("/j/" + token);
    }

    @Test
    void anotherNodeWithTheSameSecretVerifiesTheToken()
    {
        RouteTokenCodec otherNode = new RouteTokenCodec("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        assertThat(otherNode.decode(codec.encode("trino1"))).contains("trino1");
    }

    @Test
    void rejectsTokensSignedWithAnotherSecret()
    {
        RouteTokenCodec attacker = new RouteTokenCodec("ffffffffffffffffffffffffffffffff".getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decode(attacker.encode("trino1"))).isEmpty();
    }

    @Test
    void rejectsATokenWhoseNameWasSwapped()
    {
        String genuine = codec.encode("trino1");
        String forgedName = codec.encode("trino2").substring(0, codec.encode("trino2").indexOf('.'));
        String forged = forgedName + genuine.substring(genuine.indexOf('.'));
        assertThat(codec.decode(forged)).isEmpty();
    }

    @Test
    void rejectsMalformedTokens()
    {
        assertThat(codec.decode("")).isEmpty();
        assertThat(codec.decode("nodot")).isEmpty();
        assertThat(codec.decode(".")).isEmpty();
        assertThat(codec.decode("!!!.???")).isEmpty();
        assertThat(codec.decode("a".repeat(500) + ".b")).isEmpty();
    }
}
