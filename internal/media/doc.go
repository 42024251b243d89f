// Package media owns photo evidence: uploads checked by size and by their content (JPEG,
// PNG or WebP, sniffed, never trusted from the client's file name or header), stored once
// per SHA-256 content hash behind a small Store interface (a directory on disk by
// default, or an S3-compatible bucket: AWS S3, MinIO, Aliyun OSS, Tencent COS), a record per uploader with capture time and who may see it, and short-lived
// signed URLs through which allowed viewers fetch the bytes.
package media
