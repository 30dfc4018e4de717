package io.logdump.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to the errors Jetty finds itself, before the API sees the request (a bad request
 * line, a URI or headers too large, broken chunked encoding): a problem document like every other
 * error, never Jetty's HTML page. Thread-safe.
 */
final class ProblemErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = ErrorMapper.problemBytes(code, detail(code, message));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** One sentence; Jetty's own message only when it is a plain phrase (not an exception's text). */
    static String detail(int code, String message) {
        String sentence = switch (code) {
            case 400 -> "the request is not valid HTTP";
            case 408 -> "the request was not received in time";
            case 413 -> "the request is larger than the server accepts";
            case 414 -> "the request URI is longer than the server accepts";
            case 431 -> "the request headers are larger than the server accepts";
            case 500 -> "an internal error occurred (see the server log)";
            default -> "the request failed: " + HttpStatus.getMessage(code);
        };
        boolean plain = message != null && !message.isBlank() && !message.contains("Exception")
                && !message.equalsIgnoreCase(HttpStatus.getMessage(code)) && message.length() <= 200;
        return plain && code < 500 ? sentence + " (" + message + ")" : sentence;
    }
}
