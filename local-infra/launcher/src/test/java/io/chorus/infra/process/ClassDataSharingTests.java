package io.chorus.infra.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataSharingTests {

    @TempDir
    Path temp;

    @Test
    void aFirstStartRecordsItsClassList() throws IOException {
        ClassDataSharing cds =
                new ClassDataSharing(cacheDir(), "kafka", JavaRuntime.current(), libWithJarAt(hoursAgo(2)));

        List<String> options = cds.jvmOptions("lib/*");

        assertThat(options).singleElement().asString().startsWith("-XX:DumpLoadedClassList=" + cacheDir());
    }

    @Test
    void aCurrentArchiveIsMapped() throws IOException {
        Path lib = libWithJarAt(hoursAgo(2));
        ClassDataSharing cds = new ClassDataSharing(cacheDir(), "kafka", JavaRuntime.current(), lib);
        Path archive = archiveAt(cds, hoursAgo(1));

        assertThat(cds.jvmOptions("lib/*")).contains("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void anArchiveOlderThanAJarIsDroppedAndTheClassListRecordedAgain() throws IOException {
        Path lib = libWithJarAt(hoursAgo(1));
        ClassDataSharing cds = new ClassDataSharing(cacheDir(), "kafka", JavaRuntime.current(), lib);
        Path archive = archiveAt(cds, hoursAgo(2));

        assertThat(cds.jvmOptions("lib/*")).singleElement().asString().startsWith("-XX:DumpLoadedClassList=");
        assertThat(archive).doesNotExist();
    }

    private Path cacheDir() {
        return temp.resolve("cds");
    }

    private Path libWithJarAt(Instant modified) throws IOException {
        Path lib = Files.createDirectories(temp.resolve("lib"));
        Path jar = Files.write(lib.resolve("server.jar"), new byte[] {1});
        Files.setLastModifiedTime(jar, FileTime.from(modified));
        return lib;
    }

    /** Finds the archive name the way the class does: the one file a first call would record next to. */
    private Path archiveAt(ClassDataSharing cds, Instant modified) throws IOException {
        String classList = cds.jvmOptions("lib/*").get(0).substring("-XX:DumpLoadedClassList=".length());
        Path archive = Path.of(classList.replace(".classlist", ".jsa"));
        Files.write(archive, new byte[] {1});
        Files.setLastModifiedTime(archive, FileTime.from(modified));
        try (Stream<Path> files = Files.list(cacheDir())) {
            assertThat(files).contains(archive);
        }
        return archive;
    }

    private static Instant hoursAgo(int hours) {
        return Instant.now().minusSeconds(3600L * hours);
    }
}
