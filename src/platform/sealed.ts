import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals a value so that it can rest in the database unreadable: a queued email holds an address
 * and sometimes a live reset link, which must not be readable by anyone who can read the jobs
 * table. AES-256-GCM with a key derived from the service's secret; tampering fails to open.
 */
export class Sealer {
  private readonly key: Buffer;

  /** `purpose` keeps keys apart: what one sealer seals, another cannot open. */
  constructor(secret: string, purpose = 'sealed job data') {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'waymark', purpose, 32));
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  open(sealed: string): unknown {
    const data = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, 12));
    decipher.setAuthTag(data.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(data.subarray(28)), decipher.final()]).toString('utf8')) as unknown;
  }
}

/** The sealer for authenticator app keys: its own key, derived from the service's secret. */
export const authenticatorSealer = (secret: string): Sealer => new Sealer(secret, 'authenticator secrets');
