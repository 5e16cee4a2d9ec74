import { createHash } from 'node:crypto';

/** What is kept of an emailed link's secret token: its SHA-256, so the database alone opens nothing. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
