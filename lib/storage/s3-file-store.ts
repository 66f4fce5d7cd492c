import { PassThrough, Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { S3StoreConfig } from "./config";
import {
  FileNotFoundError,
  FileStoreUnavailableError,
  InvalidStorageKeyError,
  isStorageKey,
  newStorageKey,
  type FileStore,
} from "./file-store";

// lib-storage buffers one part per concurrent request before sending it: 5 MiB (the S3 minimum) × 2 keeps an
// upload's memory near 10 MiB while still overlapping network and reading. Smaller files go in one PutObject.
const PART_SIZE = 5 * 1024 * 1024;
const QUEUE_SIZE = 2;

export interface S3FileStoreOptions {
  /** Page size of keys() (ListObjectsV2 MaxKeys); S3's own maximum is 1000. Tests make it small. */
  listPageSize?: number;
  /** A client built elsewhere (tests); by default one is built from the configuration. */
  client?: S3Client;
}

/**
 * Objects in an S3-compatible bucket (MinIO, Ceph RGW, AWS), named `${prefix}${key}` with the same random
 * keys as the local store. Bodies of unknown length stream through a multipart upload (lib-storage's
 * Upload): a body that errors, or a store that fails half-way, aborts it, so no object and no parts remain;
 * parts of an upload whose abort could not reach the store are removed later by purgeIncomplete.
 */
export class S3FileStore implements FileStore {
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly listPageSize: number;

  constructor(config: S3StoreConfig, options: S3FileStoreOptions = {}) {
    this.bucket = config.bucket;
    this.prefix = config.prefix;
    this.listPageSize = options.listPageSize ?? 1000;
    this.client = options.client ?? createS3Client(config);
  }

  async put(body: Readable, options?: { contentType?: string }): Promise<string> {
    const key = newStorageKey();
    await this.write(key, body, options?.contentType);
    return key;
  }

  async putAt(key: string, body: Readable): Promise<void> {
    if (!isStorageKey(key)) {
      body.destroy();
      throw new InvalidStorageKeyError(key);
    }
    await this.write(key, body);
  }

  async get(key: string): Promise<Readable> {
    if (!isStorageKey(key)) throw new FileNotFoundError(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectName(key) }));
      // On Node.js the SDK hands back the HTTP response itself (an IncomingMessage), a Readable.
      if (!(response.Body instanceof Readable)) throw new Error("GetObject returned no Node.js stream");
      return response.Body;
    } catch (error) {
      if (isNotFound(error)) throw new FileNotFoundError(key);
      throw unavailable("get", error);
    }
  }

  async delete(key: string): Promise<void> {
    if (!isStorageKey(key)) return;
    try {
      // S3 answers 204 for a missing key too.
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectName(key) }));
    } catch (error) {
      throw unavailable("delete", error);
    }
  }

  async exists(key: string): Promise<boolean> {
    if (!isStorageKey(key)) return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectName(key) }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw unavailable("exists", error);
    }
  }

  async *keys(): AsyncIterable<string> {
    const pages = paginateListObjectsV2({ client: this.client, pageSize: this.listPageSize }, { Bucket: this.bucket, Prefix: this.prefix || undefined });
    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          const key = object.Key?.slice(this.prefix.length);
          // Anything else under the prefix (a file someone copied in by hand) is not ours to report.
          if (key && isStorageKey(key)) yield key;
        }
      }
    } catch (error) {
      throw unavailable("list", error);
    }
  }

  async purgeIncomplete(before: Date): Promise<number> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    try {
      for (;;) {
        const page = await this.client.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: this.prefix || undefined, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
        for (const upload of page.Uploads ?? []) {
          const key = upload.Key?.slice(this.prefix.length);
          if (!key || !isStorageKey(key) || !upload.UploadId || !upload.Initiated || upload.Initiated >= before) continue;
          await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }));
          removed++;
        }
        if (!page.IsTruncated) break;
        keyMarker = page.NextKeyMarker;
        uploadIdMarker = page.NextUploadIdMarker;
        if (!keyMarker && !uploadIdMarker) break;
      }
    } catch (error) {
      throw unavailable("purge incomplete uploads", error);
    }
    return removed;
  }

  private async write(key: string, body: Readable, contentType?: string): Promise<void> {
    // Upload reads through a stream of our own: when it gives up it destroys what it reads with an AbortError,
    // and that must not be mistaken for the body's failure. Only an error of the caller's body is passed on.
    const feed = new PassThrough();
    let bodyError: unknown;
    body.once("error", (error) => {
      bodyError ??= error;
      feed.destroy(error);
    });
    body.pipe(feed);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: this.objectName(key), Body: feed, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      // On any failure Upload sends AbortMultipartUpload itself: the parts sent so far are dropped.
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      body.unpipe(feed);
      body.destroy();
      // The body's own error (size limit, client gone) is what the caller must see, not the abort that followed.
      if (bodyError !== undefined) throw bodyError;
      throw unavailable("put", error);
    }
  }

  private objectName(key: string): string {
    return `${this.prefix}${key}`;
  }
}

export function createS3Client(config: S3StoreConfig): S3Client {
  const checksums = config.checksums === "when_supported" ? "WHEN_SUPPORTED" : "WHEN_REQUIRED";
  return new S3Client({
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    // A store that is down must give the user a clear error within seconds, not a hanging upload: connecting
    // may take 5 s, a stalled socket 30 s; the SDK's standard retry (3 attempts) covers a brief hiccup.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    maxAttempts: 3,
  });
}

function isNotFound(error: unknown): boolean {
  // HeadObject has no body, so its 404 arrives as "NotFound"; a missing bucket (NoSuchBucket, also 404) is a
  // misconfigured store, not a missing file.
  return error instanceof S3ServiceException && (error.name === "NoSuchKey" || error.name === "NotFound");
}

function unavailable(operation: string, error: unknown): FileStoreUnavailableError {
  if (error instanceof FileStoreUnavailableError) return error;
  const name = error instanceof Error ? error.name : String(error);
  return new FileStoreUnavailableError(`S3 ${operation} failed (${name})`, { cause: error });
}
