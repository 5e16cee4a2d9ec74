import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signs short values for links that act without a sign-in (unsubscribing from reminders): the
 * value and an HMAC of it, for one purpose, with a key derived from the service's secret. A
 * changed value or signature fails to verify.
 */
export class Signer {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'waymark', 'signed links', 32));
  }

  private mac(purpose: string, value: string): Buffer {
    return createHmac('sha256', this.key).update(`${purpose}\n${value}`).digest();
  }

  sign(purpose: string, value: string): string {
    return `${value}.${this.mac(purpose, value).toString('base64url')}`;
  }

  /** A stable stand-in for a value (an email address, say) that cannot be turned back into it
   *  without the secret: for keys that must not hold personal data. */
  pseudonym(purpose: string, value: string): string {
    return this.mac(purpose, value).toString('hex');
  }

  /** The value, if the token was signed for this purpose; null otherwise. */
  verify(purpose: string, token: string): string | null {
    const dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length > 400) return null;
    const value = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1), 'base64url');
    const wanted = this.mac(purpose, value);
    return given.length === wanted.length && timingSafeEqual(given, wanted) ? value : null;
  }
}
