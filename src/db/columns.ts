import { timestamp } from 'drizzle-orm/pg-core';

/** A moment in time, kept with its time zone and read as a Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
