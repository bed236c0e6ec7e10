package io.github.simdnn.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachinePeakTest {

    /** Lines as peakflops.c prints them: printf("%-34s best %9.2f  median %9.2f %s  (n=%d)\n", ...). */
    private static String line(String name, double best, double median, String unit) {
        return String.format(java.util.Locale.ROOT, "%-34s best %9.2f  median %9.2f %s  (n=%d)%n", name, best, median, unit, 3);
    }

    @Test
    void readsTheBestValueOfEachFigure(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("peakflops.txt");
        Files.writeString(file, line("fp32 FMA zmm (512b) 1 thread", 115.5, 110.0, "GFLOP/s")
                + line("fp32 FMA ymm (256b) 1 thread", 116.25, 111.0, "GFLOP/s")
                + line("clock est. (dep. FMA chain, lat=4)", 3.61, 3.6, "GHz")
                + line("fp32 FMA zmm 2 threads (total)", 229.75, 220.0, "GFLOP/s")
                + line("triad a=b+s*c 1 thread(s)", 21.5, 20.0, "GB/s")
                + line("triad a=b+s*c 2 thread(s)", 30.25, 29.0, "GB/s")
                + line("read-sum 1 thread(s)", 25.5, 24.0, "GB/s")
                + "(sink 1.5, a[7]=7)\n");
        MachinePeak peak = MachinePeak.read(file);
        assertTrue(peak.measured());
        assertEquals(116.25, peak.gflops(1).getAsDouble(), 1e-9, "the better of zmm and ymm");
        assertEquals(229.75, peak.gflops(2).getAsDouble(), 1e-9);
        assertEquals(21.5, peak.triadGBs(1).getAsDouble(), 1e-9);
        assertEquals(30.25, peak.triadGBs(2).getAsDouble(), 1e-9);
        assertEquals(25.5, peak.readGBs(1).getAsDouble(), 1e-9);
        assertTrue(peak.readGBs(2).isEmpty());
        assertEquals(7, peak.figures().size());
    }

    @Test
    void aBuildWithoutAvx512GivesTheYmmFigures(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("peakflops.txt");
        Files.writeString(file, line("fp32 FMA ymm (256b) 1 thread", 100.19, 99.64, "GFLOP/s")
                + line("fp32 FMA ymm 2 threads (total)", 201.13, 196.22, "GFLOP/s"));
        MachinePeak peak = MachinePeak.read(file);
        assertEquals(100.19, peak.gflops(1).getAsDouble(), 1e-9);
        assertEquals(201.13, peak.gflops(2).getAsDouble(), 1e-9);
        assertTrue(peak.gflops(4).isEmpty());
    }

    @Test
    void missingFileMeansNotMeasured(@TempDir Path dir) throws IOException {
        MachinePeak peak = MachinePeak.read(dir.resolve("absent.txt"));
        assertFalse(peak.measured());
        assertTrue(peak.gflops(1).isEmpty());
        assertTrue(peak.triadGBs(1).isEmpty());
    }
}
