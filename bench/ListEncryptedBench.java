import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.storage.BucketCredentials;
import io.github.dockstart.storage.BucketSettings;
import io.github.dockstart.storage.RemoteBackup;
import io.github.dockstart.storage.RemoteBackupStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The timing half of bench/list-encrypted-bench.sh: arguments ENDPOINT PROJECT NAME RECIPIENT IDENTITY RUNS DECRYPT_SECONDS. */
public class ListEncryptedBench {

    public static void main(String[] args) throws Exception {
        String endpoint = args[0];
        Path project = Path.of(args[1]);
        Path backup = project.resolve("backups").resolve(args[2]);
        int runs = Integer.parseInt(args[5]);
        BucketSettings settings = BucketSettings.fromEnvironment("bench", "", endpoint, "")
                .withEncryptRecipients(args[3]).withAgeIdentity(Path.of(args[4]));
        DockstartLog quiet = DockstartLog.SILENT;
        try (RemoteBackupStore store = new RemoteBackupStore(settings,
                Optional.of(new BucketCredentials("BENCHKEY", "bench/secret")), quiet)) {
            store.upload(backup);
            RemoteBackup copy = store.list().get(0);
            double local = median(runs, () -> new BackupVerifier().verify(backup).good());
            double check = median(runs, () -> store.checkEncrypted(copy, project.resolve("backups")).isEmpty());
            double decrypt = Double.parseDouble(args[6]);
            long size = Files.size(backup);
            System.out.printf("%-34s %8s %7s%n", "step", "seconds", "ratio");
            System.out.printf("%-34s %8.2f %7.2f%n", "local full check (baseline)", local, 1.0);
            System.out.printf("%-34s %8.2f %7.2f%n", "age -d alone", decrypt, decrypt / local);
            System.out.printf("%-34s %8.2f %7.2f%n", "list's check of the encrypted copy", check, check / local);
            System.out.printf("(backup %.1f MB, encrypted copy %.1f MB, median of %d runs; S3Proxy on loopback)%n",
                    size / 1e6, copy.size() / 1e6, runs);
        }
    }

    private static double median(int runs, Supplier<Boolean> step) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            if (!step.get()) {
                throw new IllegalStateException("the check failed");
            }
            times.add((System.nanoTime() - start) / 1e9);
        }
        Collections.sort(times);
        return times.get((runs - 1) / 2);
    }
}
