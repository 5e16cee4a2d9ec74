import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

export interface EmailMessage {
  to: string;
  template:
    | 'password-reset'
    | 'password-changed'
    | 'confirm-email'
    | 'account-exists'
    | 'change-email'
    | 'email-changed'
    | 'circle-invitation'
    | 'organisation-invitation'
    | 'listing-check'
    | 'listing-report'
    | 'check-in-reminder'
    | 'review-reminder';
  personalisation: Record<string, string>;
  /** Mail headers, where the transport can set them (the folder records them; GOV.UK Notify cannot). */
  headers?: Record<string, string>;
}

/** Where messages go. Production plugs in GOV.UK Notify behind this interface. */
export interface Notifier {
  sendEmail(message: EmailMessage): Promise<void>;
}

/** Development and tests: each message is a JSON file in a folder, readable by people and tests. */
export class FolderNotifier implements Notifier {
  constructor(private readonly dir: string) {}

  async sendEmail(message: EmailMessage): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const name = `${new Date().toISOString().replaceAll(':', '-')}-${randomUUID()}.json`;
    // Written under another name and then renamed, so a reader never sees a half-written message.
    const partial = join(this.dir, `.${name}.partial`);
    await writeFile(partial, JSON.stringify({ kind: 'email', ...message }, null, 2), { mode: 0o600 });
    await rename(partial, join(this.dir, name));
  }

  async read(): Promise<(EmailMessage & { kind: string })[]> {
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => n.endsWith('.json')).sort();
    } catch {
      return [];
    }
    return Promise.all(names.map(async (n) => JSON.parse(await readFile(join(this.dir, n), 'utf8')) as EmailMessage & { kind: string }));
  }
}

/** The part of GOV.UK Notify's client this service uses, so tests can pass a stand-in. */
export interface NotifyEmailClient {
  sendEmail(
    templateId: string,
    emailAddress: string,
    options: { personalisation: Record<string, string>; reference?: string },
  ): Promise<unknown>;
}

export type NotifyTemplates = Record<EmailMessage['template'], string>;

/** Production: sends through GOV.UK Notify, one template per kind of message. */
export class NotifyNotifier implements Notifier {
  constructor(
    private readonly client: NotifyEmailClient,
    private readonly templates: NotifyTemplates,
  ) {}

  // Notify takes no headers (such as List-Unsubscribe): a message's `headers` go unsent.
  async sendEmail(message: EmailMessage): Promise<void> {
    await this.client.sendEmail(this.templates[message.template], message.to, { personalisation: message.personalisation });
  }
}
