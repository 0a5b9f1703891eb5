package dev.ascent.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Random-access bytes of known size: a file or an in-memory array, so the reader has one code path for both. */
interface ByteSource {
    long size() throws IOException;

    /** Fills {@code dst} from {@code position}; the caller has checked that the range lies inside {@link #size()}. */
    void read(long position, ByteBuffer dst) throws IOException;

    static ByteSource of(byte[] bytes) {
        return new ByteSource() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void read(long position, ByteBuffer dst) {
                dst.put(bytes, (int) position, dst.remaining());
            }
        };
    }

    static ByteSource of(FileChannel channel) {
        return new ByteSource() {
            @Override
            public long size() throws IOException {
                return channel.size();
            }

            @Override
            public void read(long position, ByteBuffer dst) throws IOException {
                long at = position;
                while (dst.hasRemaining()) {
                    int n = channel.read(dst, at);
                    if (n < 0) throw new EOFException("file shrank while reading at byte " + at);
                    at += n;
                }
            }
        };
    }
}
