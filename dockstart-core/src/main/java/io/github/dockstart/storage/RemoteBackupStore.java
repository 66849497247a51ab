package io.github.dockstart.storage;

import io.github.dockstart.backup.BackupContent;
import io.github.dockstart.backup.BackupFileName;
import io.github.dockstart.backup.BackupVerifier;
import io.github.dockstart.backup.RetentionPolicy;
import io.github.dockstart.backup.StoredBackup;
import io.github.dockstart.log.DockstartLog;
import io.github.dockstart.model.InvalidInputException;
import io.github.dockstart.model.InvalidSettingException;
import io.github.dockstart.settings.PropertyNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups in an S3-compatible bucket, under the keys {@code {prefix}{file name}}: upload after a
 * local backup is verified, list, download with verification, delete, and rotation by the same
 * rules as local backups.
 *
 * <p>An interrupted upload leaves no object under the final key: a single PUT (used up to the
 * {@link MultipartSettings} threshold) becomes visible only once the store has received the whole
 * body of the announced length; a PUT that breaks off creates nothing. A larger backup goes as a
 * multipart upload, whose object appears only when CompleteMultipartUpload succeeds; any failure
 * aborts it, so that no parts stay stored (and billed). The checksum object is
 * uploaded after the backup object is complete, so a backup with its checksum beside it is whole,
 * and one without it (an upload interrupted between the two) counts as not good and is rotated
 * away like a local backup without its checksum.
 *
 * <p>Every failure of the store (wrong credentials, missing bucket, unreachable endpoint) becomes
 * an {@link InvalidInputException} of one sentence naming the bucket and endpoint, never the secret.
 */
public final class RemoteBackupStore implements AutoCloseable {

    private static final String S3_SCHEME = "s3://";

    private final BucketSettings settings;
    private final DockstartLog log;
    private final S3Client client;
    private final MultipartSettings multipart;
    private final BackupVerifier verifier = new BackupVerifier();
    private final AgeTool age = new AgeTool();

    /**
     * @param credentials the keys to sign with; empty for the AWS SDK's default chain (environment,
     *                    profiles); see {@link BucketCredentials#forProject}
     */
    public RemoteBackupStore(BucketSettings settings, Optional<BucketCredentials> credentials, DockstartLog log) {
        this(settings, credentials, settings.multipart(), log);
    }

    /** @param multipart when uploads go in parts, and how large they are (in place of the settings' own) */
    public RemoteBackupStore(BucketSettings settings, Optional<BucketCredentials> credentials, MultipartSettings multipart,
                             DockstartLog log) {
        this.settings = settings;
        this.log = log;
        this.multipart = multipart;
        this.client = client(settings, credentials);
    }

    private static S3Client client(BucketSettings settings, Optional<BucketCredentials> credentials) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)))
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials.<AwsCredentialsProvider>map(c -> StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                        .orElseGet(() -> DefaultCredentialsProvider.builder().build()))
                .forcePathStyle(settings.pathStyle());
        if (!settings.endpoint().isEmpty()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
            // S3-compatible stores (GCS's XML API, older MinIO) reject the SDK's default trailing
            // CRC checksums; the backup's own SHA-256 is checked after every download instead
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return builder.build();
    }

    public BucketSettings settings() {
        return settings;
    }

    // --- upload ----------------------------------------------------------------------------

    /**
     * Uploads a local backup and then its checksum file. The backup is verified first (gzip
     * stream and checksum), so that only good backups reach the bucket.
     *
     * @return the uploaded backup as it is now listed
     */
    public RemoteBackup upload(Path backup) {
        BackupFileName name = BackupFileName.parse(backup.getFileName().toString())
                .orElseThrow(() -> new InvalidInputException(backup + " is not named like a backup"
                        + " ({container}-{YYYY-MM-DD}T{HH-MM-SS}.{sql|rdb|db}.gz), so it is not uploaded."));
        BackupVerifier.Verdict verdict = verifier.verify(backup);
        if (!verdict.good()) {
            throw new InvalidInputException(verdict.problem().orElseThrow() + " It is not uploaded.");
        }
        if (settings.encrypts()) {
            return uploadEncrypted(name, backup);
        }
        return upload(name, backup, () -> open(backup));
    }

    /**
     * Encrypts the backup for the recipients into a hidden file beside it, then uploads it as
     * {@code NAME.age}, its checksum {@code NAME.age.sha256}, and last the plain backup's checksum
     * {@code NAME.sha256}, which a restore checks after decrypting: the plain backup never leaves
     * the machine, and the upload is complete once that last object is there (as {@code s3.sh} does).
     */
    private RemoteBackup uploadEncrypted(BackupFileName name, Path backup) {
        String objectName = name.fileName() + RemoteBackup.ENCRYPTED_SUFFIX;
        Path encrypted = null;
        try {
            encrypted = Files.createTempFile(backup.getParent(), "." + objectName + ".", ".partial",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            age.encrypt(backup, encrypted, settings.encryptRecipients());
            long size = Files.size(encrypted);
            byte[] checksum = Files.readAllBytes(backup.resolveSibling(name.checksumFileName()));
            byte[] encryptedChecksum = (sha256(encrypted) + "  " + objectName + "\n").getBytes(StandardCharsets.UTF_8);
            String key = settings.key(objectName);
            Path file = encrypted;
            log.info("Uploading " + backup.getFileName() + " encrypted with age (" + size + " bytes) to " + settings.uri(objectName));
            // the encrypted file goes up as a plain backup does: in parts above the threshold
            if (multipart.inParts(size)) {
                uploadInParts(name, key, size, () -> open(file));
            } else {
                call("upload " + objectName, () -> client.putObject(put -> put.bucket(settings.bucket()).key(key)
                        .contentLength(size).contentType("application/octet-stream"), RequestBody.fromFile(file)));
            }
            call("upload " + objectName + ".sha256", () -> client.putObject(put -> put.bucket(settings.bucket())
                    .key(key + ".sha256").contentType("text/plain"), RequestBody.fromBytes(encryptedChecksum)));
            call("upload " + name.checksumFileName(), () -> client.putObject(put -> put.bucket(settings.bucket())
                    .key(settings.key(name.checksumFileName())).contentType("text/plain"), RequestBody.fromBytes(checksum)));
            return new RemoteBackup(key, settings.uri(objectName), name, size, null, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encrypt " + backup + " for the bucket: " + e.getMessage(), e);
        } finally {
            deleteQuietly(encrypted);
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a hidden temporary is not a backup: listing and rotation ignore it
            }
        }
    }

    /** The upload itself, with the backup's content from {@code content} (tests pass a stream that breaks off). */
    RemoteBackup upload(BackupFileName name, Path backup, ContentStreamProvider content) {
        Path checksumFile = backup.resolveSibling(name.checksumFileName());
        long size;
        byte[] checksum;
        try {
            size = Files.size(backup);
            checksum = Files.readAllBytes(checksumFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + backup + ": " + e.getMessage(), e);
        }
        String key = settings.key(name.fileName());
        log.info("Uploading " + backup.getFileName() + " (" + size + " bytes) to " + settings.uri(name.fileName()));
        // the backup first: the checksum object marks a complete upload
        if (multipart.inParts(size)) {
            uploadInParts(name, key, size, content);
        } else {
            call("upload " + name.fileName(), () -> client.putObject(put -> put.bucket(settings.bucket()).key(key)
                            .contentLength(size).contentType("application/gzip"),
                    RequestBody.fromContentProvider(content, size, "application/gzip")));
        }
        call("upload " + name.checksumFileName(), () -> client.putObject(put -> put.bucket(settings.bucket())
                        .key(settings.key(name.checksumFileName())).contentType("text/plain"),
                RequestBody.fromBytes(checksum)));
        return new RemoteBackup(key, settings.uri(name.fileName()), name, size, null, true);
    }

    /**
     * CreateMultipartUpload, one UploadPart per part (each read from {@code content} at its offset),
     * CompleteMultipartUpload; on any failure AbortMultipartUpload, as s3.sh does.
     */
    private void uploadInParts(BackupFileName name, String key, long size, ContentStreamProvider content) {
        long partBytes = multipart.partBytes(size);
        int count = (int) ((size + partBytes - 1) / partBytes);
        String uploadId = call("start a multipart upload of " + name.fileName(), () -> client.createMultipartUpload(
                create -> create.bucket(settings.bucket()).key(key).contentType("application/gzip"))).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (int number = 1; number <= count; number++) {
                long offset = (number - 1) * partBytes;
                long length = Math.min(partBytes, size - offset);
                int partNumber = number;
                String eTag = call("upload part " + number + " of " + count + " of " + name.fileName(),
                        () -> client.uploadPart(part -> part.bucket(settings.bucket()).key(key).uploadId(uploadId)
                                        .partNumber(partNumber).contentLength(length),
                                RequestBody.fromContentProvider(() -> slice(content, offset, length), length,
                                        "application/octet-stream"))).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
            }
            call("complete the multipart upload of " + name.fileName(), () -> client.completeMultipartUpload(complete ->
                    complete.bucket(settings.bucket()).key(key).uploadId(uploadId)
                            .multipartUpload(upload -> upload.parts(parts))));
            completed = true;
            log.info("Uploaded " + name.fileName() + " in " + count + " parts of " + partBytes + " bytes");
        } finally {
            if (!completed) {
                abort(name, key, uploadId);
            }
        }
    }

    /**
     * AbortMultipartUpload, tried up to three times: after a part that broke off mid-body, the
     * first request can meet a connection the store has given up on (S3Proxy answers it with a
     * bare HTTP 400), and the parts of an upload not aborted stay stored, and billed.
     */
    private void abort(BackupFileName name, String key, String uploadId) {
        SdkException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                client.abortMultipartUpload(abort -> abort.bucket(settings.bucket()).key(key).uploadId(uploadId));
                return;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return; // NoSuchUpload: nothing left to abort
                }
                last = e;
            } catch (SdkException e) {
                last = e;
            }
        }
        log.warn("Could not abort the multipart upload of " + name.fileName() + " (" + firstLine(last.getMessage())
                + "); its parts stay stored until a lifecycle rule removes them, no object is under the key.");
    }

    /** {@code length} bytes of the content from {@code offset} on (a file's stream skips by seeking). */
    private static InputStream slice(ContentStreamProvider content, long offset, long length) {
        InputStream in = content.newStream();
        try {
            in.skipNBytes(offset);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the backup at offset " + offset + ": " + e.getMessage(), e);
        }
        return new BoundedInputStream(in, length);
    }

    /** At most {@code left} bytes of a stream. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false; // a retry opens a new slice instead
        }
    }

    // --- listing ---------------------------------------------------------------------------

    /** Every backup under the prefix, newest first (then by container), marked good when its checksum object is there. */
    public List<RemoteBackup> list() {
        Map<String, S3Object> objects = new HashMap<>();
        String token = null;
        do {
            String continuation = token;
            ListObjectsV2Response page = call("list the backups", () -> client.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(settings.bucket()).prefix(settings.prefix()).continuationToken(continuation).build()));
            for (S3Object object : page.contents()) {
                String relative = object.key().substring(settings.prefix().length());
                if (!relative.contains("/")) {
                    objects.put(relative, object);
                }
            }
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        List<RemoteBackup> backups = new ArrayList<>();
        objects.forEach((fileName, object) -> {
            // an encrypted copy is good once both checksums are there (the plain one is uploaded last)
            boolean encrypted = fileName.endsWith(RemoteBackup.ENCRYPTED_SUFFIX);
            String plainName = encrypted ? fileName.substring(0, fileName.length() - RemoteBackup.ENCRYPTED_SUFFIX.length()) : fileName;
            BackupFileName.parse(plainName).ifPresent(name -> backups.add(
                    new RemoteBackup(object.key(), settings.uri(fileName), name, object.size(), object.lastModified(),
                            objects.containsKey(name.checksumFileName())
                                    && (!encrypted || objects.containsKey(fileName + ".sha256")))));
        });
        backups.sort(Comparator.comparing((RemoteBackup b) -> b.name().takenAt()).reversed()
                .thenComparing(b -> b.name().container()));
        return backups;
    }

    public List<RemoteBackup> listOf(String container) {
        return list().stream().filter(b -> b.name().container().equals(container)).toList();
    }

    /** Whether {@code requested} (a {@code dockstart.backup} value) names a remote backup by its address. */
    public static boolean isRemoteAddress(String requested) {
        return requested != null && requested.startsWith(S3_SCHEME);
    }

    /**
     * The remote backup a user named: {@code s3://bucket/key}, a file name under the prefix, or
     * {@code latest} (the newest good backup of {@code container}).
     */
    public RemoteBackup resolve(String requested, String container) {
        if (requested == null || requested.isBlank()) {
            throw new InvalidSettingException(PropertyNames.BACKUP, requested, "No backup given: set " + PropertyNames.BACKUP + " to s3://" + settings.bucket()
                    + "/KEY, a remote backup's name, or 'latest'.");
        }
        List<RemoteBackup> all = list();
        if (requested.equals("latest")) {
            return all.stream().filter(b -> b.name().container().equals(container) && b.good()).findFirst()
                    .orElseThrow(() -> new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=latest: there is no complete backup of"
                            + " service '" + container + "' in " + settings.uri("") + "."));
        }
        String key;
        if (isRemoteAddress(requested)) {
            String rest = requested.substring(S3_SCHEME.length());
            int slash = rest.indexOf('/');
            if (slash < 0 || !rest.substring(0, slash).equals(settings.bucket())) {
                throw new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested + " is not in the configured bucket "
                        + settings.bucket() + ".");
            }
            key = rest.substring(slash + 1);
        } else {
            key = settings.key(requested);
        }
        return all.stream().filter(b -> b.key().equals(key)).findFirst()
                .orElseThrow(() -> new InvalidSettingException(PropertyNames.BACKUP, requested, PropertyNames.BACKUP + "=" + requested + ": there is no such backup"
                        + " in " + settings.uri("") + " at " + settings.endpointForMessages() + "."));
    }

    // --- download --------------------------------------------------------------------------

    /**
     * Downloads a remote backup and its checksum into {@code directory}, streaming to hidden
     * temporary files, verifies it, and only then moves it under its final name (mode 0600) with
     * its checksum file beside it. A local file of the same name is kept when it is the same backup.
     *
     * @return the verified local backup
     */
    public Path download(RemoteBackup backup, Path directory) {
        if (!backup.good()) {
            throw new InvalidInputException("Remote backup " + backup.uri() + " has no checksum object "
                    + backup.name().checksumFileName() + (backup.encrypted() ? " or " + backup.objectName() + ".sha256" : "")
                    + ", so its upload may be incomplete; it is not restored.");
        }
        Path identity = settings.ageIdentity();
        if (backup.encrypted() && identity == null) {
            throw new InvalidInputException("Remote backup " + backup.uri() + " is encrypted with age: give the identity"
                    + " file (private key) that decrypts it with -D" + PropertyNames.AGE_IDENTITY + "=FILE.");
        }
        String checksumText = downloadText(backup.name().checksumFileName());
        String expected = checksumHex(checksumText, backup, backup.name().fileName());
        String expectedEncrypted = backup.encrypted()
                ? checksumHex(downloadText(backup.objectName() + ".sha256"), backup, backup.objectName()) : null;
        Path target = directory.resolve(backup.name().fileName());
        Path checksumTarget = directory.resolve(backup.name().checksumFileName());
        if (Files.exists(target)) {
            if (verifier.verify(target, expected).good()) {
                log.info(target + " is already here and matches " + backup.uri() + ".");
                writeChecksum(checksumTarget, checksumText);
                return target;
            }
            throw new InvalidInputException(target + " already exists and differs from " + backup.uri()
                    + "; move it away to download the remote one.");
        }
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + backup.name().fileName() + ".", ".download",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Path tempFile = temp;
            log.info("Downloading " + backup.uri() + " (" + backup.size() + " bytes)");
            String received = fetch(backup, tempFile, "; nothing was restored.");
            if (expectedEncrypted != null && !received.equals(expectedEncrypted)) {
                throw new InvalidInputException("The download of " + backup.uri() + " does not match its checksum object "
                        + backup.objectName() + ".sha256; it is not restored.");
            }
            BackupVerifier.Verdict verdict = verifier.verify(tempFile, expected);
            if (!verdict.good()) {
                throw new InvalidInputException("The download of " + backup.uri() + " does not verify: "
                        + verdict.problem().orElseThrow());
            }
            move(tempFile, target);
            writeChecksum(checksumTarget, checksumText);
            temp = null;
            log.info("Downloaded and verified " + target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the download of " + backup.uri() + " to " + directory
                    + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the hidden temporary is not a backup: listing and rotation ignore it
                }
            }
        }
    }

    /**
     * Streams the object into {@code target} (an existing file), an encrypted copy decrypted with
     * the identity as it arrives; returns the SHA-256 of the bytes received.
     *
     * @param ending ends the sentence of a failed decryption
     */
    private String fetch(RemoteBackup backup, Path target, String ending) {
        MessageDigest received = newSha256();
        call("download " + backup.objectName(), () -> {
            try (ResponseInputStream<GetObjectResponse> in = client.getObject(get -> get.bucket(settings.bucket())
                    .key(backup.key()))) {
                InputStream hashed = new DigestInputStream(in, received);
                if (backup.encrypted()) {
                    age.decrypt(hashed, settings.ageIdentity(), target, backup.uri(), ending);
                } else {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        hashed.transferTo(out);
                    }
                }
            } catch (IOException e) {
                throw SdkClientException.create("the download broke off: " + e.getMessage(), e);
            }
            return null;
        });
        return HexFormat.of().formatHex(received.digest());
    }

    /**
     * Checks an encrypted copy as a restore would, and keeps nothing: downloads it, decrypting as it
     * arrives into a hidden folder in {@code scratch} (0700, removed afterwards), compares the
     * encrypted bytes with {@code NAME.age.sha256}, then checks the plain backup's gzip stream,
     * {@code NAME.sha256} and content ({@link BackupVerifier}).
     *
     * @return the problem in one sentence; empty when the copy is good
     */
    public Optional<String> checkEncrypted(RemoteBackup backup, Path scratch) {
        if (!backup.encrypted() || settings.ageIdentity() == null) {
            throw new IllegalArgumentException("only an encrypted copy, with an identity, is checked: " + backup.uri());
        }
        if (!backup.good()) {
            return Optional.of("Remote backup " + backup.uri() + " has no checksum objects " + backup.name().checksumFileName()
                    + " and " + backup.objectName() + ".sha256 both, so its upload may be incomplete.");
        }
        Path folder = null;
        try {
            String expected = checksumHex(downloadText(backup.name().checksumFileName()), backup, backup.name().fileName());
            String expectedEncrypted = checksumHex(downloadText(backup.objectName() + ".sha256"), backup, backup.objectName());
            Files.createDirectories(scratch);
            folder = Files.createTempDirectory(scratch, ".dockstart-check-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // under its own name, so that the verifier judges the content by it
            Path plain = Files.createFile(folder.resolve(backup.name().fileName()),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            log.info("Checking " + backup.uri() + " (" + backup.size() + " bytes): downloading and decrypting it");
            if (!fetch(backup, plain, ".").equals(expectedEncrypted)) {
                return Optional.of("Remote backup " + backup.uri() + " does not match its checksum object "
                        + backup.objectName() + ".sha256.");
            }
            return verifier.verify(plain, expected, BackupContent.ofExtension(backup.name().extension()))
                    .problem().map(problem -> problem.replace(plain.toString(), backup.uri() + " (decrypted)"));
        } catch (InvalidInputException | UncheckedIOException e) {
            return Optional.of(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not check " + backup.uri() + " in " + scratch + ": " + e.getMessage(), e);
        } finally {
            deleteFolder(folder);
        }
    }

    private static void deleteFolder(Path folder) {
        if (folder == null) {
            return;
        }
        try (var files = Files.list(folder)) {
            files.forEach(RemoteBackupStore::deleteQuietly);
        } catch (IOException ignored) {
            // a hidden folder is not a backup: listing and rotation ignore it
        }
        deleteQuietly(folder);
    }

    private String downloadText(String fileName) {
        return new String(call("download " + fileName, () -> client.getObjectAsBytes(get -> get.bucket(settings.bucket())
                .key(settings.key(fileName))).asByteArray()), StandardCharsets.UTF_8);
    }

    private static String checksumHex(String checksumText, RemoteBackup backup, String fileName) {
        String[] parts = checksumText.trim().split("\\s+\\*?", 2);
        if (!parts[0].matches("[0-9a-f]{64}") || (parts.length == 2 && !parts[1].equals(fileName))) {
            throw new InvalidInputException("The checksum object of " + backup.uri() + " is not a sha256sum line for "
                    + fileName + ".");
        }
        return parts[0];
    }

    private static void writeChecksum(Path checksumFile, String text) throws UncheckedIOException {
        try {
            Path temp = Files.createTempFile(checksumFile.getParent(), "." + checksumFile.getFileName() + ".", ".download");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            move(temp, checksumFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + checksumFile + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    // --- delete and rotation ---------------------------------------------------------------

    /**
     * Deletes a remote backup: its checksum object first, so that an interruption leaves a backup
     * that counts as not good (and goes at the next rotation), never a checksum without its backup.
     * One request per object: GCS's XML API has no multi-object delete.
     */
    public void delete(BackupFileName name) {
        deleteObjects(List.of(name.checksumFileName(), name.fileName()));
    }

    /** Deletes one form of a remote backup: an encrypted one with both its checksum objects, those first. */
    public void delete(RemoteBackup backup) {
        if (!backup.encrypted()) {
            delete(backup.name());
            return;
        }
        deleteObjects(List.of(backup.name().checksumFileName(), backup.objectName() + ".sha256", backup.objectName()));
    }

    private void deleteObjects(List<String> fileNames) {
        for (String fileName : fileNames) {
            call("delete " + fileName, () -> client.deleteObject(delete -> delete.bucket(settings.bucket())
                    .key(settings.key(fileName))));
        }
    }

    /**
     * Applies the retention rules to the bucket as to local backups, and as the sidecar's
     * {@code s3_rotate} does: only the backups of each container's own type count (a backup
     * without its checksum object counts as not good).
     *
     * @param extensions each container whose backups may go, with the extension of its type
     * @param dryRun     only report what would go
     * @return the backups deleted (or that would be), oldest first
     */
    public List<RemoteBackup> rotate(RetentionPolicy policy, Map<String, String> extensions, LocalDateTime now, boolean dryRun) {
        // a backup may be there plain (NAME) and encrypted (NAME.age): one backup for the rules, both go
        Map<BackupFileName, List<RemoteBackup>> byName = new HashMap<>();
        for (RemoteBackup backup : list()) {
            byName.computeIfAbsent(backup.name(), n -> new ArrayList<>()).add(backup);
        }
        List<StoredBackup> stored = new ArrayList<>();
        byName.forEach((name, forms) -> stored.add(new StoredBackup(Path.of(name.fileName()), name,
                forms.get(0).size(), forms.stream().anyMatch(RemoteBackup::good))));
        List<RemoteBackup> doomed = policy.toDelete(stored, extensions, now).stream()
                .flatMap(b -> byName.get(b.name()).stream()).toList();
        for (RemoteBackup backup : doomed) {
            if (dryRun) {
                log.info("Would delete " + backup.uri());
            } else {
                delete(backup);
                log.info("Deleted " + backup.uri());
            }
        }
        return doomed;
    }

    // --- errors ----------------------------------------------------------------------------

    /** Runs one request, turning the store's refusals into one sentence naming the bucket and endpoint. */
    private <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (S3Exception e) {
            throw new InvalidInputException(describe(action, e), e);
        } catch (SdkClientException e) {
            throw new InvalidInputException("Could not " + action + " in S3 bucket " + settings.bucket() + " at "
                    + settings.endpointForMessages() + ": " + firstLine(e.getMessage()) + ".", e);
        } catch (SdkException e) {
            throw new InvalidInputException("Could not " + action + " in S3 bucket " + settings.bucket() + " at "
                    + settings.endpointForMessages() + ": " + firstLine(e.getMessage()) + ".", e);
        }
    }

    private String describe(String action, S3Exception e) {
        String code = e.awsErrorDetails() == null ? "" : Optional.ofNullable(e.awsErrorDetails().errorCode()).orElse("");
        String where = "S3 bucket " + settings.bucket() + " at " + settings.endpointForMessages();
        return switch (code) {
            case "NoSuchBucket" -> "Could not " + action + ": the " + where + " does not exist.";
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurity", "ExpiredToken", "InvalidToken" ->
                    "Could not " + action + ": the " + where + " refused the credentials (" + code
                            + "); check the access key and secret key.";
            case "AccessDenied" -> "Could not " + action + ": the " + where + " denied access (AccessDenied);"
                    + " the credentials lack permission for it.";
            default -> "Could not " + action + " in " + where + ": HTTP " + e.statusCode()
                    + (code.isEmpty() ? "" : " " + code) + ".";
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        String line = message.lines().findFirst().orElse("").trim();
        return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
