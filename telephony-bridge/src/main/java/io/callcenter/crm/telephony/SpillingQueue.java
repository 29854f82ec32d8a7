package io.callcenter.crm.telephony;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A first-in first-out queue that holds up to {@code capacity} items in memory and the rest in a file,
 * one line each, in the same order: memory stays bounded whatever waits (a database down for minutes at
 * full call rate), nothing is dropped, and what was on disk when the node stopped is there when it starts.
 * Once items go to the file, later ones follow them there until the file has been read to its end.
 */
final class SpillingQueue<T> {

    /** How an item is written to and read from one line. */
    interface Codec<T> {
        String write(T item);

        T read(String line);
    }

    private final int capacity;
    private final Path file;
    private final Codec<T> codec;
    private final ArrayDeque<T> memory = new ArrayDeque<>();
    private BufferedWriter writer;
    private BufferedReader reader;
    /** Items in the file not yet read. */
    private long onDisk;
    private long spilled;
    private long spillingSinceNanos;

    SpillingQueue(int capacity, Path file, Codec<T> codec) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.file = file;
        this.codec = codec;
        try {
            Files.createDirectories(file.getParent());
            if (Files.exists(file)) {
                try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    onDisk = lines.filter(l -> !l.isBlank()).count();
                }
                if (onDisk == 0) {
                    Files.delete(file);
                } else {
                    spillingSinceNanos = System.nanoTime();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + file + " for call updates waiting to be recorded", e);
        }
    }

    synchronized void add(T item) {
        if (onDisk == 0 && memory.size() < capacity) {
            memory.addLast(item);
        } else {
            try {
                if (writer == null) {
                    writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
                if (onDisk == 0) {
                    spillingSinceNanos = System.nanoTime();
                }
                writer.write(codec.write(item));
                writer.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep a call update in " + file, e);
            }
            onDisk++;
            spilled++;
        }
        notifyAll();
    }

    /** The next item, waiting up to the timeout for one; null when none came. */
    synchronized T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return take();
    }

    /** Moves up to {@code max} items, in order, into {@code into}; returns how many. */
    synchronized int drainTo(List<T> into, int max) {
        int n = 0;
        while (n < max && !isEmpty()) {
            into.add(take());
            n++;
        }
        return n;
    }

    synchronized boolean isEmpty() {
        return memory.isEmpty() && onDisk == 0;
    }

    /** The oldest item in memory, if it is the oldest waiting; null when empty or when the oldest are on disk. */
    synchronized T peekInMemory() {
        return memory.peekFirst();
    }

    /** When the items now on disk began to go there (System.nanoTime), or 0 when none are. */
    synchronized long spillingSinceNanos() {
        return onDisk == 0 ? 0 : spillingSinceNanos;
    }

    synchronized int inMemory() {
        return memory.size();
    }

    synchronized long onDisk() {
        return onDisk;
    }

    /** Items that ever went to disk. */
    synchronized long spilled() {
        return spilled;
    }

    private T take() {
        if (!memory.isEmpty()) {
            return memory.pollFirst();
        }
        try {
            if (writer != null) {
                writer.flush();
            }
            if (reader == null) {
                reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            }
            String line;
            do {
                line = reader.readLine();
            } while (line != null && line.isBlank());
            if (line == null) {
                throw new IllegalStateException(file + " ended before the " + onDisk + " update(s) it should still hold");
            }
            onDisk--;
            if (onDisk == 0) {
                closeFile();
            }
            return codec.read(line);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the call updates kept in " + file, e);
        }
    }

    /** All read: the file starts over empty. */
    private void closeFile() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (writer != null) {
            writer.close();
            writer = null;
        }
        Files.deleteIfExists(file);
    }

    /** Puts items taken but not dealt with back at the head, in their order (a node stopping mid-batch). */
    synchronized void returnToHead(List<T> items) {
        for (int i = items.size() - 1; i >= 0; i--) {
            memory.addFirst(items.get(i));
        }
        notifyAll();
    }

    /**
     * Writes everything still waiting, in order, to the file, so a node that stops with updates it could
     * not record (the database down) records them when it starts again.
     */
    synchronized void close() {
        if (isEmpty()) {
            try {
                closeFile();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        Path rest = file.resolveSibling(file.getFileName() + ".rest");
        try (BufferedWriter out = Files.newBufferedWriter(rest, StandardCharsets.UTF_8)) {
            long total = memory.size() + onDisk;
            while (!isEmpty()) {
                out.write(codec.write(take()));
                out.newLine();
            }
            closeFile();
            Files.move(rest, file);
            onDisk = total;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the call updates still waiting in " + file, e);
        }
    }
}
