/**
 * Where the read-only shared/ folder (corpus, reference specs) is: beside the repository, as on
 * developer machines and in CI (`../shared`), unless HARDLINE_SHARED names another place.
 */
import * as path from 'node:path';

export const SHARED = process.env.HARDLINE_SHARED ?? path.resolve(__dirname, '../../../shared');

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED, ...parts);
}
