package io.chorus.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Plain HTTP calls with a bearer token; a call that gets no answer returns status 0 instead of throwing. */
public final class Rest {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private Rest() {}

    /** An answer; {@code status} 0 when there was none (refused, reset, timed out). */
    public record Answer(int status, String body, String contentType, long millis, String error) {

        public JsonNode json() {
            return WsClient.JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body + (error == null ? "" : " error=" + error) + " in " + millis
                    + " ms";
        }
    }

    public static Answer get(String url, String token) {
        return call(base(url, token).GET(), Duration.ofSeconds(15));
    }

    public static Answer post(String url, String token, String json, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = base(url, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return call(request, timeout);
    }

    public static Answer post(String url, String token, String json) {
        return post(url, token, json, Map.of(), Duration.ofSeconds(15));
    }

    private static HttpRequest.Builder base(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private static Answer call(HttpRequest.Builder request, Duration timeout) {
        long startedAt = System.nanoTime();
        try {
            HttpResponse<String> response =
                    HTTP.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    response.statusCode(),
                    response.body(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    (System.nanoTime() - startedAt) / 1_000_000,
                    null);
        } catch (IOException e) {
            return new Answer(0, "", "", (System.nanoTime() - startedAt) / 1_000_000, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The sum of a Prometheus counter's samples whose name and labels contain every given fragment. */
    public static double prometheus(ServiceProcess service, String metric, String... labelFragments) {
        Answer answer = get(service.baseUrl() + "/actuator/prometheus", null);
        if (answer.status() != 200) {
            throw new IllegalStateException(service + " /actuator/prometheus: " + answer);
        }
        double sum = 0;
        for (String line : answer.body().split("\n")) {
            if (line.startsWith("#") || !line.startsWith(metric)) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            String series = line.substring(0, space);
            boolean matches = true;
            for (String fragment : labelFragments) {
                matches &= series.contains(fragment);
            }
            if (matches) {
                sum += Double.parseDouble(line.substring(space + 1));
            }
        }
        return sum;
    }
}
