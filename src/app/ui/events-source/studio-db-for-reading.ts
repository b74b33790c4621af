// The main thread's connection for reading archived events: one StudioDb, opened on first use
// (Dexie allows several connections to the same database; the worker writes through its own).
import { StudioDb } from '../../storage/studio-db';

let db: StudioDb | undefined;

export function studioDbForReading(): StudioDb {
  db ??= new StudioDb();
  return db;
}
