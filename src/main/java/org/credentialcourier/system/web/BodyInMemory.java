package org.credentialcourier.system.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/** A request body that a filter has read once (to bound or check it), served again from memory. */
public final class BodyInMemory {

    private BodyInMemory() {
    }

    /**
     * The request with its body already read, served again: the same bytes for whoever reads it next, as a stream or
     * (in the request's declared charset, UTF-8 if none) as characters, with the matching content length.
     */
    public static HttpServletRequest request(HttpServletRequest request, byte[] body) {
        return new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() {
                return stream(body);
            }

            @Override
            public BufferedReader getReader() {
                String declared = request.getCharacterEncoding();
                Charset charset = declared == null ? StandardCharsets.UTF_8 : Charset.forName(declared);
                return new BufferedReader(new InputStreamReader(stream(body), charset));
            }

            @Override
            public int getContentLength() {
                return body.length;
            }

            @Override
            public long getContentLengthLong() {
                return body.length;
            }
        };
    }

    /** A fresh stream over {@code body}: synchronous reads only, as every reader here does. */
    public static ServletInputStream stream(byte[] body) {
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("synchronous reads only");
            }

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                return in.read(buffer, offset, length);
            }
        };
    }
}
