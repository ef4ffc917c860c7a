package org.credentialcourier.bench;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.Chunk;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.Page;
import org.h2.table.Table;

/**
 * What an H2 file is made of, chunk by chunk (issue 18): why an online compaction cannot bring it nearer its data.
 * <p>
 * Opens a closed H2 database file read-only (no application may have it open) and prints its size, H2's own estimates of the share
 * in chunks and of their live share, the chunks by live share in tenths, and, for the sparse chunks (under a tenth
 * live), the pages that H2 still counts as live in them: by map (table or index), leaf or inner page, and whether the
 * page's first key is still in its map. A live page always holds keys of its map; a page counted live whose first key
 * is gone is one that no root reaches any more. H2's rewrite skips such a page ({@code MVMap.rewritePage} finds no
 * value for the key and gives up), so its chunk stays in the file however long the store compacts.
 * <p>
 * Reads H2's internals through reflection; written against H2 2.5.252, the application's version. Not part of the
 * application.
 *
 * <pre>bash bench/h2-anatomy.sh /path/to/courier.mv.db</pre>
 */
public final class H2FileAnatomy {

    private static final int SPARSE_TENTHS = 1;
    /** H2 allocates the file in blocks of 4 KiB (FileStore.BLOCK_SIZE, not public). */
    private static final long BLOCK_SIZE = 4096;

    private H2FileAnatomy() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !args[0].endsWith(".mv.db") || !Files.isRegularFile(Path.of(args[0]))) {
            System.err.println("usage: bash bench/h2-anatomy.sh <H2 file>.mv.db (closed; opened read-only)");
            System.exit(2);
        }
        String base = args[0].substring(0, args[0].length() - ".mv.db".length());
        // the application's own store settings; no compaction on open or close
        String url = "jdbc:h2:file:" + Path.of(base).toAbsolutePath()
                + ";RETENTION_TIME=1000;COMPRESS=TRUE;MAX_COMPACT_TIME=0;ACCESS_MODE_DATA=r";
        try (Connection connection = DriverManager.getConnection(url, "sa", "")) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            print(session.getDatabase().getStore().getMvStore(), objectNames(session));
        }
    }

    @SuppressWarnings("unchecked")
    private static void print(MVStore store, Map<String, String> objects) throws ReflectiveOperationException {
        FileStore<?> file = store.getFileStore();
        Method chunksOf = FileStore.class.getDeclaredMethod("getChunks");
        chunksOf.setAccessible(true);
        Method tocOf = FileStore.class.getDeclaredMethod("getToC", Chunk.class);
        tocOf.setAccessible(true);
        Field occupancyOf = Chunk.class.getDeclaredField("occupancy");
        occupancyOf.setAccessible(true);
        Method readPage = MVMap.class.getDeclaredMethod("readPage", long.class);
        readPage.setAccessible(true);
        Map<Integer, ? extends Chunk<?>> chunks = (Map<Integer, ? extends Chunk<?>>) chunksOf.invoke(file);

        System.out.printf("file %,d MB; H2's estimates: %d %% of it in chunks, %d %% of those live%n",
                file.size() >> 20, file.getFillRate(), file.getChunksFillRate());
        long[] count = new long[11];
        long[] bytes = new long[11];
        for (Chunk<?> chunk : chunks.values()) {
            int tenths = tenthsLive(chunk);
            count[tenths]++;
            bytes[tenths] += chunk.len * BLOCK_SIZE;
        }
        System.out.println("chunks by live share (H2's estimate): share, chunks, MB");
        for (int t = 0; t <= 10; t++) {
            if (count[t] > 0) {
                System.out.printf("  %3d %%%s  %,6d  %,8d%n", t * 10, t < 10 ? "+" : " ", count[t], bytes[t] >> 20);
            }
        }

        // every page H2 counts live: whether its map's current root still reaches it; by map for the sparse chunks
        Map<String, long[]> pages = new TreeMap<>();
        Map<Integer, Set<Long>> reachable = new HashMap<>();
        long sparseBytes = 0;
        long sparsePages = 0;
        long sparseUnreached = 0;
        long livePages = 0;
        long liveLength = 0;
        long unreachedPages = 0;
        long unreachedLength = 0;
        for (Chunk<?> chunk : chunks.values()) {
            boolean sparse = tenthsLive(chunk) < SPARSE_TENTHS;
            if (sparse) {
                sparseBytes += chunk.len * BLOCK_SIZE;
            }
            long[] toc = (long[]) tocOf.invoke(file, chunk);
            BitSet dead = (BitSet) occupancyOf.get(chunk);
            for (int p = 0; (p = dead.nextClearBit(p)) < toc.length; p++) {
                int mapId = DataUtils.getPageMapId(toc[p]);
                MVMap<Object, Object> map = store.getMap(mapId);
                long pos = DataUtils.composePagePos(chunk.id, toc[p]);
                boolean reached = map == null || reachable.computeIfAbsent(mapId, id -> positions(map)).contains(pos);
                int length = DataUtils.getPageMaxLength(pos);
                livePages++;
                liveLength += length;
                if (!reached) {
                    unreachedPages++;
                    unreachedLength += length;
                }
                if (!sparse) {
                    continue;
                }
                sparsePages++;
                String state = "map not open";
                if (map != null) {
                    Page<?, ?> page = (Page<?, ?>) readPage.invoke(map, pos);
                    state = (reached ? "reached from its root" : "reached from no root")
                            + (page.getKeyCount() == 0 ? ", empty"
                                    : map.containsKey(page.getKey(0)) ? "" : ", its first key gone from its map");
                    if (!reached) {
                        sparseUnreached++;
                    }
                }
                String name = objects.getOrDefault(store.getMapName(mapId), store.getMapName(mapId));
                String key = String.format("%-48s %-5s %s", name, DataUtils.isLeafPosition(toc[p]) ? "leaf" : "inner",
                        state);
                pages.computeIfAbsent(key, k -> new long[1])[0]++;
            }
        }
        System.out.printf("pages H2 counts live: %,d; reached from no root: %,d (%d %% of the live pages' length,"
                + " H2's upper bounds)%n", livePages, unreachedPages,
                liveLength == 0 ? 0 : 100 * unreachedLength / liveLength);
        System.out.printf("chunks under %d %% live: %,d MB (%d %% of the file), held by %,d pages counted live,"
                + " %,d of them reached from no root%n", SPARSE_TENTHS * 10, sparseBytes >> 20,
                file.size() == 0 ? 0 : 100 * sparseBytes / file.size(), sparsePages, sparseUnreached);
        pages.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .limit(20)
                .forEach(e -> System.out.printf("  %,6d  %s%n", e.getValue()[0], e.getKey()));
    }

    /** The tables and indexes behind H2's map names: {@code table.<id>} a table's rows, {@code index.<id>} an index. */
    private static Map<String, String> objectNames(SessionLocal session) {
        Map<String, String> names = new HashMap<>();
        for (Table table : session.getDatabase().getAllTablesAndViews()) {
            names.put("table." + table.getId(), table.getName() + " (rows)");
            for (Index index : table.getIndexes()) {
                names.putIfAbsent("index." + index.getId(), table.getName() + " " + index.getName());
            }
        }
        return names;
    }

    /** The positions of the saved pages that the map's current root reaches. */
    private static Set<Long> positions(MVMap<?, ?> map) {
        Set<Long> positions = new HashSet<>();
        Deque<Page<?, ?>> inner = new ArrayDeque<>();
        Page<?, ?> root = map.getRootPage();
        positions.add(root.getPos());
        if (!root.isLeaf()) {
            inner.push(root);
        }
        while (!inner.isEmpty()) {
            Page<?, ?> page = inner.pop();
            for (int i = 0; i < page.getRawChildPageCount(); i++) {
                positions.add(page.getChildPagePos(i));
                if (!DataUtils.isLeafPosition(page.getChildPagePos(i))) {
                    inner.push(page.getChildPage(i));
                }
            }
        }
        return positions;
    }

    private static int tenthsLive(Chunk<?> chunk) {
        return chunk.maxLen <= 0 ? 0 : (int) Math.min(10, 10 * chunk.maxLenLive / chunk.maxLen);
    }
}
