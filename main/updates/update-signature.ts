/**
 * Update authenticity (issue 12, finding 8). electron-updater checks a downloaded installer
 * against the sha512 in the feed's `latest*.yml`, but nothing vouched for that file itself: whoever
 * controls the feed host (or the Linux feed, which has no code signature at all) controls what
 * installs. Every release signs its metadata files with the offline release key (Ed25519,
 * `scripts/update-signing.mjs sign`); the app ships the public key(s) and installs an update only
 * when
 *   1. `<channel>.yml.sig` is a valid signature of `<channel>.yml` by a shipped key,
 *   2. the signed metadata names the version electron-updater downloaded, and
 *   3. the downloaded file's own sha512 (computed here, not taken from electron-updater) is one the
 *      signed metadata lists.
 * Point 3 ties the signature to the bytes on disk even if the feed served different metadata to
 * electron-updater than to this check.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { createReadStream } from 'node:fs';

export type FetchText = (url: string) => Promise<Buffer>;

export interface VerifyUpdateInput {
  /** The feed folder electron-updater reads (getFeedURL). */
  feedUrl: string;
  /** e.g. latest-linux.yml */
  channelFile: string;
  /** The version electron-updater downloaded. */
  version: string;
  /** Where electron-updater put it. */
  downloadedFile: string;
  /** SPKI PEM Ed25519 public keys the app trusts (main/updates/update-key.ts). */
  publicKeys: readonly string[];
  fetchBytes: FetchText;
}

export type VerifyUpdateResult = { ok: true } | { ok: false; reason: string };

/** The metadata file electron-updater's generic provider reads for this platform ("latest" channel). */
export function channelFileFor(platform: NodeJS.Platform, arch: string): string {
  if (platform === 'win32') return 'latest.yml';
  if (platform === 'darwin') return 'latest-mac.yml';
  return arch === 'arm64' ? 'latest-linux-arm64.yml' : 'latest-linux.yml';
}

/** Pure: is `signature` (base64, as the .sig file holds it) a signature of `data` by one of the keys? */
export function isSignedBy(data: Buffer, signatureText: string, publicKeys: readonly string[]): boolean {
  const signature = Buffer.from(signatureText.trim(), 'base64');
  if (signature.length !== 64) return false;
  return publicKeys.some((pem) => {
    try {
      const key = createPublicKey(pem);
      return key.asymmetricKeyType === 'ed25519' && verify(null, data, key, signature);
    } catch {
      return false;
    }
  });
}

/** Pure: the version and every sha512 a latest*.yml lists (electron-builder's flat YAML). */
export function readMetadata(text: string): { version: string | undefined; sha512: string[] } {
  const version = /^version:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text)?.[1];
  const sha512 = [...text.matchAll(/^\s*(?:-\s*)?sha512:\s*['"]?([A-Za-z0-9+/=]+)['"]?\s*$/gm)].map((m) => m[1] as string);
  return { version, sha512 };
}

export async function sha512OfFile(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

export async function verifyDownloadedUpdate(input: VerifyUpdateInput): Promise<VerifyUpdateResult> {
  if (input.publicKeys.length === 0) return { ok: false, reason: 'no update signing key in this build' };
  const base = input.feedUrl.endsWith('/') ? input.feedUrl : `${input.feedUrl}/`;
  let metadata: Buffer;
  let signature: Buffer;
  try {
    metadata = await input.fetchBytes(new URL(input.channelFile, base).href);
    signature = await input.fetchBytes(new URL(`${input.channelFile}.sig`, base).href);
  } catch (err) {
    return { ok: false, reason: `metadata or signature not available (${err instanceof Error ? err.message : String(err)})` };
  }
  if (!isSignedBy(metadata, signature.toString('utf8'), input.publicKeys)) {
    return { ok: false, reason: `${input.channelFile} is not signed with the release key` };
  }
  const signed = readMetadata(metadata.toString('utf8'));
  if (signed.version !== input.version) {
    return { ok: false, reason: `the signed metadata is for ${signed.version ?? 'no version'}, not ${input.version}` };
  }
  let actual: string;
  try {
    actual = await sha512OfFile(input.downloadedFile);
  } catch (err) {
    return { ok: false, reason: `the downloaded file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (!signed.sha512.includes(actual)) return { ok: false, reason: 'the downloaded file does not match the signed metadata' }; // mutation-check: update-bytes-hash
  return { ok: true };
}

/** Fetches a small file over the feed's own scheme; no redirects (a signed file needs none). */
export const fetchFeedBytes: FetchText = async (url) => {
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`HTTP ${res.status} for ${new URL(url).pathname}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (body.length > 1024 * 1024) throw new Error('metadata larger than 1 MB');
  return body;
};
